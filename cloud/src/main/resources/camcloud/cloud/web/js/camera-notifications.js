// Which of a camera's happenings its owner is told of (PUT /api/cameras/{serial}/notifications): the
// camera going offline and coming back, motion, sound, day/night switches. Told in the open app at
// once, as a browser notification when allowed, and to the account's webhooks; quiet hours (account
// page) hold them back. A cloud without notifications hides the card.

import { api, optional } from './api.js';
import { h, say } from './dom.js';
import { permissionButton } from './toast.js';

const CHOICES = [
  ['offline', 'It goes offline or comes back'],
  ['motion', 'Motion'],
  ['sound', 'Sound'],
  ['dayNight', 'Day/night switches'],
];
const DEFAULTS = { offline: true, motion: true, sound: false, dayNight: false };

/** The card (filled once the choices are known), or nothing on a cloud without notifications. */
export function cameraNotificationsCard(app, camera) {
  const serial = camera.serial;
  const boxes = CHOICES.map(([key]) => h('input', { type: 'checkbox', id: `notify-${key}`, name: key }));
  const message = h('p.form-message#notify-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const form = h('form.card.stack#camera-notify-form', { novalidate: true, 'aria-labelledby': 'notify-title', 'aria-busy': 'true' },
    h('h2#notify-title', {}, 'Notifications'),
    h('p.muted', {}, 'Tell me when:'),
    ...CHOICES.map(([key, label], i) => h('label.switch-row', { htmlFor: boxes[i].id }, boxes[i], h('span', {}, label))),
    h('p.hint', {}, 'Quiet hours and webhooks are on your account page.'),
    permissionButton(),
    h('div.actions', {}, h('button.primary#notify-save', { type: 'submit' }, 'Save notifications')),
    message);
  app.guard(() => optional(() => api.notificationChoices(), undefined)).then((all) => {
    if (all === undefined) {
      form.hidden = true;
      return;
    }
    if (!all) return;
    const mine = { ...DEFAULTS, ...((all.cameras ?? []).find((c) => c.serial === serial) ?? {}) };
    CHOICES.forEach(([key], i) => { boxes[i].checked = Boolean(mine[key]); });
    form.removeAttribute('aria-busy');
  }).catch((e) => say(message, e.message, 'error'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const choices = Object.fromEntries(CHOICES.map(([key], i) => [key, boxes[i].checked]));
    try {
      const saved = await app.guard(() => api.setCameraNotifications(serial, choices));
      if (saved === undefined) return;
      say(message, 'Saved.', 'ok');
    } catch (err) {
      say(message, err.message, 'error');
    }
  });
  return form;
}
