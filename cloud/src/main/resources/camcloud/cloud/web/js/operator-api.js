// The operator's JSON API (rollouts), for the operator dashboard. Operators are not users: they sign
// in with the node's operator token, kept in this tab's sessionStorage (gone when the tab closes) and
// sent as a Bearer token. The cloud refuses every operator route without it (401).

import { ApiError } from './api.js';

const KEY = 'camcloud.operatorToken';

export const operatorToken = {
  get: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

async function call(method, path, body) {
  const token = operatorToken.get();
  if (!token) throw new ApiError(401, 'Sign in with the operator token.');
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.error ?? `request failed (${response.status})`, data);
  return data;
}

const rollout = (id) => `/api/operator/rollouts/${encodeURIComponent(id)}`;

export const operatorApi = {
  rollouts: () => call('GET', '/api/operator/rollouts'),
  rollout: (id) => call('GET', rollout(id)),
  /** action: start, pause, resume or cancel; answers the rollout. */
  control: (id, action) => call('POST', `${rollout(id)}/${action}`, {}),
  /** Going back: a new rollout of `version` (published, higher than the bad one) to the failed or updated cameras. */
  rollback: (id, version, cameras) => call('POST', `${rollout(id)}/rollback`, { version, cameras }),
};
