// Quiet hours (account page): between a start and an end time of a time zone, events are not
// notified (the app's list and the archive still have them). PUT/DELETE /api/me/notifications/quiet-hours.

import { api, optional } from './api.js';
import { h, say } from './dom.js';
import { timeZone } from './time-format.js';

export function quietHoursCard(app) {
  const on = h('input#quiet-on', { type: 'checkbox', role: 'switch' });
  const start = h('input#quiet-start', { type: 'time', value: '22:00' });
  const end = h('input#quiet-end', { type: 'time', value: '07:00' });
  const zone = h('input#quiet-zone', { value: timeZone, maxLength: 64, autocomplete: 'off', spellcheck: false });
  const message = h('p.form-message#quiet-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const zoneField = h('div.field', {}, h('label', { htmlFor: 'quiet-zone' }, 'Time zone'), zone);
  const times = h('div.row', {},
    h('div.field', {}, h('label', { htmlFor: 'quiet-start' }, 'From'), start),
    h('div.field', {}, h('label', { htmlFor: 'quiet-end' }, 'To'), end));
  const form = h('form.card.stack#quiet-form', { novalidate: true, 'aria-labelledby': 'quiet-title', 'aria-busy': 'true' },
    h('h2#quiet-title', {}, 'Quiet hours'),
    h('p.muted', {}, 'No event notifications in these hours (a camera going offline is still told). Events are kept as always.'),
    h('label.switch-row', { htmlFor: 'quiet-on' }, on, h('span', {}, 'Quiet hours on')),
    times,
    zoneField,
    h('div.actions', {}, h('button.primary#quiet-save', { type: 'submit' }, 'Save quiet hours')),
    message);
  const sync = () => { times.hidden = !on.checked; zoneField.hidden = !on.checked; };
  on.addEventListener('change', sync);
  app.guard(() => optional(() => api.notificationChoices(), undefined)).then((all) => {
    if (all === undefined) {
      form.hidden = true;
      return;
    }
    if (!all) return;
    const q = all.quietHours;
    on.checked = Boolean(q);
    if (q) {
      start.value = q.start;
      end.value = q.end;
      zone.value = q.timeZone;
    }
    sync();
    form.removeAttribute('aria-busy');
  }).catch((e) => say(message, e.message, 'error'));
  sync();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      if (!on.checked) {
        await app.guard(() => api.clearQuietHours());
        say(message, 'Quiet hours are off.', 'ok');
        return;
      }
      if (!start.value || !end.value || start.value === end.value) {
        say(message, 'Choose a start and an end time that differ.', 'error');
        return;
      }
      await app.guard(() => api.setQuietHours({ start: start.value.slice(0, 5), end: end.value.slice(0, 5), timeZone: zone.value.trim() }));
      say(message, `Quiet from ${start.value.slice(0, 5)} to ${end.value.slice(0, 5)} (${zone.value.trim()}).`, 'ok');
    } catch (err) {
      say(message, err.message, 'error');
    }
  });
  return form;
}
