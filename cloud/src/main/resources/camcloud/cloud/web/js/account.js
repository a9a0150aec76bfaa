// The account page: who is signed in, a new password (which signs the account out everywhere else),
// notifications (browser permission, quiet hours) and webhooks.

import { api, ApiError } from './api.js';
import { h, say } from './dom.js';
import { quietHoursCard } from './quiet-hours.js';
import { webhooksCard } from './webhooks.js';
import { permissionButton } from './toast.js';

const MESSAGES = {
  403: 'The current password is wrong.',
  429: 'Too many wrong passwords. Wait a few minutes, then try again.',
};

export function mountAccount(main, app) {
  document.title = 'Account · camcloud';
  const message = h('p.form-message#password-message', { role: 'alert', hidden: true });
  const current = h('input#current-password', { type: 'password', required: true, autocomplete: 'current-password', maxLength: 256 });
  const next = h('input#new-password', { type: 'password', required: true, minLength: 10, maxLength: 256, autocomplete: 'new-password', 'aria-describedby': 'new-password-hint' });
  const submit = h('button.primary#change-password', { type: 'submit' }, 'Change password');
  const form = h('form.card.stack', { novalidate: true, 'aria-labelledby': 'password-title' },
    h('h2#password-title', {}, 'Password'),
    h('p.muted', {}, 'Changing it signs you out on every other browser and device, and ends their live views.'),
    message,
    h('label', { htmlFor: 'current-password' }, 'Current password'), current,
    h('label', { htmlFor: 'new-password' }, 'New password'), next,
    h('p.hint#new-password-hint', {}, 'At least 10 characters, not your username.'),
    h('div.actions', {}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    say(message, '');
    if (!current.value || !next.value) {
      say(message, 'Enter your current password and the new one.', 'error');
      (current.value ? next : current).focus();
      return;
    }
    submit.disabled = true;
    try {
      const result = await app.guard(() => api.changePassword(current.value, next.value));
      if (!result) return;
      form.reset();
      const others = result.otherSessionsEnded;
      say(message, others === 0 ? 'Password changed.'
        : `Password changed. ${others} other ${others === 1 ? 'session was' : 'sessions were'} signed out.`, 'ok');
    } catch (err) {
      say(message, (err instanceof ApiError && MESSAGES[err.status]) || err.message, 'error');
      (err.status === 403 ? current : next).focus();
    } finally {
      submit.disabled = false;
    }
  });

  main.append(h('section.page.account-page', {},
    h('a.back', { href: '#/' }, '← All cameras'),
    h('h1', {}, `Account: ${app.me.username}`),
    h('div.settings-view', {}, form,
      h('section.card.stack#browser-notify', { 'aria-labelledby': 'browser-notify-title' },
        h('h2#browser-notify-title', {}, 'Browser notifications'),
        h('p.muted', {}, 'While camcloud is open in this browser, notifications also show outside the page.'),
        permissionButton()),
      quietHoursCard(app),
      webhooksCard(app))));
  current.focus();
  return () => {};
}
