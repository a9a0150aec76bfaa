// Camera settings: name, recording on/off, retention (days and size), release the camera.

import { api } from './api.js';
import { h, say } from './dom.js';

const GIB = 1024 ** 3;

export function mountSettings(body, app, camera, events) {
  const serial = camera.serial;
  let name = camera.name ?? serial;

  // Name
  const nameInput = h('input#settings-name', { name: 'name', required: true, maxLength: 64, value: camera.name ?? '' });
  const releaseTitle = h('h2#release-title', {}, `Remove ${name}?`);
  const nameMessage = h('p.form-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const nameForm = h('form.card.stack', { novalidate: true, 'aria-labelledby': 'name-title' },
    h('h2#name-title', {}, 'Name'),
    h('label', { htmlFor: 'settings-name' }, 'Camera name'), nameInput,
    h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Rename')),
    nameMessage);
  nameForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const newName = nameInput.value.trim();
    if (!newName) {
      say(nameMessage, 'Enter a name.', 'error');
      nameInput.focus();
      return;
    }
    try {
      const updated = await app.guard(() => api.rename(serial, newName));
      if (!updated) return;
      events.renamed(updated);
      name = updated.name ?? serial;
      releaseTitle.textContent = `Remove ${name}?`;
      say(nameMessage, 'Saved.', 'ok');
    } catch (err) {
      say(nameMessage, err.message, 'error');
    }
  });

  // Recording
  const enabled = h('input#settings-recording', { type: 'checkbox', role: 'switch' });
  const days = h('input#settings-days', { type: 'number', min: 1, max: 3650, step: 1, inputMode: 'numeric', placeholder: 'server default' });
  const size = h('input#settings-size', { type: 'number', min: 0.0625, step: 'any', inputMode: 'decimal', placeholder: 'server default' });
  const recMessage = h('p.form-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const recForm = h('form.card.stack', { novalidate: true, 'aria-labelledby': 'rec-title', 'aria-busy': 'true' },
    h('h2#rec-title', {}, 'Recording'),
    h('label.switch-row', { htmlFor: 'settings-recording' }, enabled, h('span', {}, 'Record this camera continuously')),
    h('label', { htmlFor: 'settings-days' }, 'Keep video for (days)'), days,
    h('p.hint', {}, 'Leave empty for the server’s default.'),
    h('label', { htmlFor: 'settings-size' }, 'Keep at most (GB)'), size,
    h('p.hint', {}, 'The oldest video goes first when the camera uses more. Empty: the server’s default.'),
    h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Save recording settings')),
    recMessage);
  app.guard(() => api.recording(serial)).then((r) => {
    if (!r) return;
    enabled.checked = r.enabled;
    days.value = r.retentionDays ?? '';
    size.value = r.retentionBytes ? String(+(r.retentionBytes / GIB).toFixed(3)) : '';
    recForm.removeAttribute('aria-busy');
  }).catch((e) => say(recMessage, e.message, 'error'));
  recForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = days.value === '' ? null : Number(days.value);
    const gb = size.value === '' ? null : Number(size.value);
    if (d !== null && (!Number.isInteger(d) || d < 1 || d > 3650)) {
      say(recMessage, 'Days must be a whole number from 1 to 3650.', 'error');
      days.focus();
      return;
    }
    if (gb !== null && !(gb >= 0.0625)) {
      say(recMessage, 'The size must be at least 0.0625 GB (64 MB).', 'error');
      size.focus();
      return;
    }
    try {
      const saved = await app.guard(() => api.setRecording(serial, {
        enabled: enabled.checked,
        retentionDays: d,
        retentionBytes: gb === null ? null : Math.round(gb * GIB),
      }));
      if (saved) say(recMessage, saved.enabled ? 'Saved. The camera is recording.' : 'Saved. Recording is off.', 'ok');
    } catch (err) {
      say(recMessage, err.message, 'error');
    }
  });

  // Release
  const confirmDialog = h('dialog.dialog#release-dialog', { 'aria-labelledby': 'release-title' },
    h('form.stack', { method: 'dialog' },
      releaseTitle,
      h('p', {}, 'The camera leaves your account and you lose access to its video. The code on its label can add it again.'),
      h('div.actions', {},
        h('button.ghost', { type: 'submit', value: 'cancel', autofocus: true }, 'Keep it'),
        h('button.danger#release-confirm', { type: 'submit', value: 'release' }, 'Remove camera'))));
  confirmDialog.addEventListener('close', async () => {
    if (confirmDialog.returnValue !== 'release') return;
    try {
      await app.guard(() => api.release(serial));
      app.notify(`${name} removed from your account.`, 'ok');
      events.released();
    } catch (err) {
      app.notify(err.message, 'error');
    }
  });
  const releaseCard = h('section.card.stack.danger-zone', { 'aria-labelledby': 'release-card-title' },
    h('h2#release-card-title', {}, 'Remove camera'),
    h('p.muted', {}, 'Give the camera to someone else or stop using it.'),
    h('div.actions', {}, h('button.danger#release-button', { type: 'button', onclick: () => { confirmDialog.returnValue = ''; confirmDialog.showModal(); } }, 'Remove camera…')));

  body.append(h('div.settings-view', {}, nameForm, recForm, releaseCard, confirmDialog));
  return () => {
    if (confirmDialog.open) confirmDialog.close();
  };
}
