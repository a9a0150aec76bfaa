// The camcloud web app: a hash router over views. Each view is mount(main, context) and returns its
// cleanup function, called when the route changes (players close their sockets, timers stop).
// Signed in, the page listens to the server's push stream (push.js): the nav's badge counts new
// events, notifications show as toasts (toast.js).

import { api, ApiError } from './api.js';
import { say } from './dom.js';
import { mountAuth } from './auth.js';
import { mountGrid } from './grid.js';
import { mountCamera } from './camera.js';
import { mountAccount } from './account.js';
import { mountEventsPage } from './events.js';
import { mountOperatorRollouts } from './operator-rollouts.js';
import { push } from './push.js';
import { showNotification } from './toast.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');
let me = null;
let cleanup = () => {};

const app = {
  /** The signed-in user or null. */
  get me() {
    return me;
  },
  signedIn(user) {
    me = user;
    showUser();
    go(location.hash && !location.hash.startsWith('#/sign') ? location.hash : '#/');
  },
  /** A message in the page's status line (aria-live); kind: info, ok or error. */
  notify(text, kind = 'info') {
    say(notice, text, kind);
    clearTimeout(app.noticeTimer);
    if (text && kind !== 'error') app.noticeTimer = setTimeout(() => say(notice, ''), 5000);
  },
  /** Runs an async action; an expired session goes back to sign-in, other errors are shown. */
  async guard(action) {
    try {
      return await action();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && me) {
        me = null;
        showUser();
        app.notify('Your session has ended. Please sign in again.', 'error');
        go('#/signin');
        return undefined;
      }
      throw e;
    }
  },
  go,
};

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showUser() {
  document.getElementById('user').hidden = !me;
  document.getElementById('username').textContent = me?.username ?? '';
  if (me) push.start();
  else push.stop();
}

function showUnseen() {
  const badge = document.getElementById('events-unseen');
  const n = push.unseen();
  badge.hidden = n === 0;
  badge.textContent = n > 99 ? '99+' : String(n);
  document.getElementById('events-link').setAttribute('aria-label', n ? `Events, ${n} new` : 'Events');
}
push.on('unseen', showUnseen);
push.on('notification', (n) => n && showNotification(n));

function route() {
  cleanup();
  cleanup = () => {};
  main.replaceChildren();
  const path = location.hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'operator') {
    // Operators sign in with the operator token, not as users (operator-rollouts.js).
    cleanup = mountOperatorRollouts(main, app);
  } else if (!me) {
    document.title = 'Sign in · camcloud';
    cleanup = mountAuth(main, app, parts[0] === 'signup' ? 'signup' : 'signin');
  } else if (parts[0] === 'account') {
    cleanup = mountAccount(main, app);
  } else if (parts[0] === 'events') {
    cleanup = mountEventsPage(main, app);
  } else if (parts[0] === 'cameras' && parts[1]) {
    // #/cameras/S/archive/MS opens the archive at that moment (epoch ms): where an event's click goes
    cleanup = mountCamera(main, app, parts[1], parts[2] ?? 'live', parts[3]);
  } else {
    document.title = 'Cameras · camcloud';
    cleanup = mountGrid(main, app);
  }
  if (document.activeElement === document.body) main.focus({ preventScroll: true });
}

document.getElementById('signout').addEventListener('click', async () => {
  push.stop(); // before the session ends: the server would cut the stream under the page
  try {
    await api.signOut();
  } finally {
    me = null;
    showUser();
    app.notify('Signed out.', 'ok');
    go('#/signin');
  }
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    me = await api.me();
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) app.notify(e.message, 'error');
    me = null;
  }
  showUser();
  route();
})();
