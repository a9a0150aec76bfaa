// The JSON API (see /api/openapi.yaml). The session is an HttpOnly cookie this code never sees.

/** An API refusal: `status` is the HTTP status, `message` the server's own words, `data` its whole answer. */
export class ApiError extends Error {
  constructor(status, message, data = null) {
    super(message);
    this.status = status;
    this.data = data;
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
    throw new ApiError(response.status, data?.error ?? `request failed (${response.status})`, data);
  }
  return data;
}

const camera = (serial) => `/api/cameras/${encodeURIComponent(serial)}`;

/** A query string from the defined, non-empty values of `params` ('' when none). */
function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    q.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * The answer of `request`, or `fallback` when the route is not on this server (404 without a camera
 * to blame: a cloud older than the page). Parts of a page that depend on such a route hide instead of
 * breaking the page.
 */
export async function optional(request, fallback) {
  try {
    return await request();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) return fallback;
    throw e;
  }
}

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

  // Events (newest first; `before` is the previous page's `next` cursor). filter: {type: [..], from, to, limit, before}.
  events: (filter) => call('GET', `/api/events${query(filter)}`),
  cameraEvents: (serial, filter) => call('GET', `${camera(serial)}/events${query(filter)}`),
  event: (id) => call('GET', `/api/events/${encodeURIComponent(id)}`),
  /** The camera's latest picture; `bust` makes each refresh a new URL. */
  snapshotUrl: (serial, bust) => `${camera(serial)}/snapshot.jpg${bust ? `?t=${bust}` : ''}`,

  // Camera control: each answers a COMMAND_RESULT {id, result, message, state}.
  deviceSettings: (serial) => call('GET', `${camera(serial)}/settings`),
  changeSettings: (serial, changes) => call('PATCH', `${camera(serial)}/settings`, changes),
  ptz: (serial, move) => call('POST', `${camera(serial)}/ptz`, move),
  savePreset: (serial, name) => call('PUT', `${camera(serial)}/ptz/presets/${encodeURIComponent(name)}`),
  gotoPreset: (serial, name) => call('POST', `${camera(serial)}/ptz/presets/${encodeURIComponent(name)}/goto`),
  deletePreset: (serial, name) => call('DELETE', `${camera(serial)}/ptz/presets/${encodeURIComponent(name)}`),
  dayNight: (serial, mode) => call('PUT', `${camera(serial)}/daynight`, { mode }),

  // Notifications and webhooks.
  notificationChoices: () => call('GET', '/api/me/notifications'),
  setQuietHours: (quiet) => call('PUT', '/api/me/notifications/quiet-hours', quiet),
  clearQuietHours: () => call('DELETE', '/api/me/notifications/quiet-hours'),
  setCameraNotifications: (serial, choices) => call('PUT', `${camera(serial)}/notifications`, choices),
  notifications: (limit) => call('GET', `/api/notifications${query({ limit })}`),
  webhooks: () => call('GET', '/api/webhooks'),
  addWebhook: (url, events) => call('POST', '/api/webhooks', events ? { url, events } : { url }),
  deleteWebhook: (id) => call('DELETE', `/api/webhooks/${encodeURIComponent(id)}`),
  webhookDeliveries: (id) => call('GET', `/api/webhooks/${encodeURIComponent(id)}/deliveries`),
  testWebhook: (id) => call('POST', `/api/webhooks/${encodeURIComponent(id)}/test`),
};
