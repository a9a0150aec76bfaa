// Notifications from the server (push `notification` messages) shown in the page: a toast in the
// corner for a while, and, when the user allowed it, a browser notification too while the page is open
// but not in front. The browser's permission is asked only from a button the user presses
// (permissionButton), never on load.

import { h } from './dom.js';
import { timeOfDay } from './time-format.js';

const SHOW_MS = 8000;
const MAX_TOASTS = 4;

let region = null;

function toastRegion() {
  if (!region) {
    region = h('div.toasts#toasts', { role: 'status', 'aria-live': 'polite', 'aria-label': 'Notifications' });
    document.body.append(region);
  }
  return region;
}

/** A toast: title, body and an optional link (href) to what it is about. */
export function toast({ title, body, href, kind = 'info' }) {
  const close = h('button.ghost.small.close', { type: 'button', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×');
  const text = h('div.toast-text', {},
    href ? h('a.toast-title', { href }, title) : h('strong.toast-title', {}, title),
    body ? h('p', {}, body) : null);
  const el = h('div.toast', { dataset: { kind } }, text, close);
  const r = toastRegion();
  r.append(el);
  while (r.children.length > MAX_TOASTS) r.firstElementChild.remove();
  setTimeout(() => el.remove(), SHOW_MS);
  return el;
}

/** A push NOTIFICATION: a toast, and a browser notification when allowed and the page is not in front. */
export function showNotification(n) {
  const href = n.event && n.camera
    ? `#/cameras/${encodeURIComponent(n.camera)}/events`
    : n.camera ? `#/cameras/${encodeURIComponent(n.camera)}` : undefined;
  const at = Date.parse(n.at);
  const body = [n.body, Number.isNaN(at) ? null : timeOfDay(at)].filter(Boolean).join(' · ');
  toast({ title: n.title ?? n.kind, body, href, kind: n.kind === 'offline' ? 'error' : 'info' });
  if (browserNotificationsAllowed() && (document.visibilityState !== 'visible' || !document.hasFocus())) {
    try {
      const shown = new Notification(n.title ?? 'camcloud', { body, tag: n.id ? `camcloud-${n.id}` : undefined });
      shown.onclick = () => {
        window.focus();
        if (href) location.hash = href;
        shown.close();
      };
    } catch {
      // some browsers only allow notifications from a service worker: the toast is enough
    }
  }
}

export function browserNotificationsAllowed() {
  return typeof Notification === 'function' && Notification.permission === 'granted';
}

/**
 * A button that asks the browser for permission to show notifications, with a line that says what the
 * browser answered. Nothing is asked until it is pressed.
 */
export function permissionButton() {
  const state = h('span.muted.permission-state');
  const button = h('button.ghost.small#allow-notifications', { type: 'button', onclick: ask }, 'Allow browser notifications');
  const el = h('span.permission', {}, button, state);
  function show() {
    if (typeof Notification !== 'function') {
      button.hidden = true;
      state.textContent = 'This browser cannot show notifications.';
    } else if (Notification.permission === 'granted') {
      button.hidden = true;
      state.textContent = 'Browser notifications are on while camcloud is open.';
    } else if (Notification.permission === 'denied') {
      button.hidden = true;
      state.textContent = 'Browser notifications are blocked for this site (change it in the browser’s site settings).';
    } else {
      button.hidden = false;
      state.textContent = '';
    }
  }
  async function ask() {
    try {
      await Notification.requestPermission();
    } finally {
      show();
    }
  }
  show();
  return el;
}
