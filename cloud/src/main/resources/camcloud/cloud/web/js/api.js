// The JSON API (see /api/openapi.yaml). The session is an HttpOnly cookie this code never sees.

/** An API refusal: `status` is the HTTP status, `message` the server's own words. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data?.error ?? `request failed (${response.status})`);
  }
  return data;
}

const camera = (serial) => `/api/cameras/${encodeURIComponent(serial)}`;

export const api = {
  me: () => call('GET', '/api/me'),
  signUp: (username, password) => call('POST', '/api/auth/signup', { username, password }),
  signIn: (username, password) => call('POST', '/api/auth/signin', { username, password }),
  signOut: () => call('POST', '/api/auth/signout'),
  changePassword: (currentPassword, newPassword) =>
    call('POST', '/api/me/password', { currentPassword, newPassword }),

  cameras: () => call('GET', '/api/cameras'),
  camera: (serial) => call('GET', camera(serial)),
  claim: (code, name) => call('POST', '/api/cameras/claim', { code, name }),
  rename: (serial, name) => call('PATCH', camera(serial), { name }),
  /** recordings: 'keep' (the former owner's until retention ends) or 'delete' (now). */
  release: (serial, recordings) => call('DELETE', `${camera(serial)}?recordings=${recordings}`),
  deleteKeptRecordings: (serial) => call('DELETE', `${camera(serial)}/recordings`),

  shares: (serial) => call('GET', `${camera(serial)}/shares`),
  share: (serial, username) => call('POST', `${camera(serial)}/shares`, { username }),
  unshare: (serial, username) => call('DELETE', `${camera(serial)}/shares/${encodeURIComponent(username)}`),

  recording: (serial) => call('GET', `${camera(serial)}/recording`),
  setRecording: (serial, settings) => call('PUT', `${camera(serial)}/recording`, settings),

  timeline: (serial, day, tz) =>
    call('GET', `${camera(serial)}/timeline?day=${day}&tz=${encodeURIComponent(tz)}`),

  /** The archive playlist's text for [from, to) (Dates). */
  async playlist(serial, from, to) {
    const url = `${camera(serial)}/archive.m3u8?from=${from.toISOString()}&to=${to.toISOString()}`;
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.status === 404) return null;
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new ApiError(response.status, data?.error ?? `playlist failed (${response.status})`);
    }
    return { text: await response.text(), base: new URL(url, location.href) };
  },

  liveUrl(serial) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${camera(serial)}/live`;
  },

  exportUrl: (serial, from, to) =>
    `${camera(serial)}/export.mp4?from=${from.toISOString()}&to=${to.toISOString()}`,
};
