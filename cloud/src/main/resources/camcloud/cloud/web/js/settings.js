// Camera settings: name, recording on/off, retention (days and size; event clips apart), the camera's
// own settings (device-settings.js: day/night, picture, detection with zones, recording mode), its
// notifications, sharing (view-only, with other accounts), release the camera (keeping or deleting
// what it recorded while it was the owner's). Only the owner has this page.

import { api } from './api.js';
import { h, say } from './dom.js';
import { mountDeviceSettings } from './device-settings.js';
import { cameraNotificationsCard } from './camera-notifications.js';

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
  const eventDays = h('input#settings-event-days', { type: 'number', min: 1, max: 3650, step: 1, inputMode: 'numeric', placeholder: 'server default' });
  const eventDaysField = h('div.stack', { hidden: true },
    h('label', { htmlFor: 'settings-event-days' }, 'Keep event clips for (days)'), eventDays,
    h('p.hint', {}, 'Clips of events can stay longer than continuous video. Empty: the server’s default.'));
  const recMessage = h('p.form-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const recForm = h('form.card.stack', { novalidate: true, 'aria-labelledby': 'rec-title', 'aria-busy': 'true' },
    h('h2#rec-title', {}, 'Recording'),
    h('label.switch-row', { htmlFor: 'settings-recording' }, enabled, h('span', {}, 'Record this camera continuously')),
    h('label', { htmlFor: 'settings-days' }, 'Keep video for (days)'), days,
    h('p.hint', {}, 'Leave empty for the server’s default.'),
    h('label', { htmlFor: 'settings-size' }, 'Keep at most (GB)'), size,
    h('p.hint', {}, 'The oldest video goes first when the camera uses more. Empty: the server’s default.'),
    eventDaysField,
    h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Save recording settings')),
    recMessage);
  let keptDays = null; // the camera's retention, for the release dialog (null: the server's default)
  app.guard(() => api.recording(serial)).then((r) => {
    if (!r) return;
    keptDays = r.retentionDays;
    keepText.textContent = keepSentence();
    enabled.checked = r.enabled;
    days.value = r.retentionDays ?? '';
    size.value = r.retentionBytes ? String(+(r.retentionBytes / GIB).toFixed(3)) : '';
    eventDaysField.hidden = !('eventRetentionDays' in r); // a cloud that keeps event clips apart
    eventDays.value = r.eventRetentionDays ?? '';
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
    const ed = eventDaysField.hidden || eventDays.value === '' ? null : Number(eventDays.value);
    if (ed !== null && (!Number.isInteger(ed) || ed < 1 || ed > 3650)) {
      say(recMessage, 'Days of event clips must be a whole number from 1 to 3650.', 'error');
      eventDays.focus();
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
        ...(eventDaysField.hidden ? {} : { eventRetentionDays: ed }),
      }));
      if (saved) {
        keptDays = saved.retentionDays;
        keepText.textContent = keepSentence();
        say(recMessage, saved.enabled ? 'Saved. The camera is recording.' : 'Saved. Recording is off.', 'ok');
      }
    } catch (err) {
      say(recMessage, err.message, 'error');
    }
  });

  // Sharing
  const shareList = h('ul.share-list#share-list', { 'aria-label': 'Accounts that can view this camera' });
  const shareInput = h('input#share-username', { name: 'username', required: true, maxLength: 32, autocomplete: 'off', placeholder: 'username' });
  const shareMessage = h('p.form-message#share-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const shareForm = h('form.card.stack#share-form', { novalidate: true, 'aria-labelledby': 'share-title' },
    h('h2#share-title', {}, 'Sharing'),
    h('p.muted', {}, 'People you share with can watch live and play back what was recorded while the camera is yours — nothing else. Removing them ends their live view at once.'),
    shareList,
    h('label', { htmlFor: 'share-username' }, 'Share with (their camcloud username)'), shareInput,
    h('div.actions', {}, h('button.primary#share-button', { type: 'submit' }, 'Share view')),
    shareMessage);
  const showShares = (shares) => {
    shareList.replaceChildren(...(shares.length === 0
      ? [h('li.muted', {}, 'Not shared with anyone.')]
      : shares.map((s) => h('li.share', { dataset: { username: s.username } },
        h('span', {}, s.username),
        h('button.ghost.small', { type: 'button', 'aria-label': `Stop sharing with ${s.username}`, onclick: () => unshare(s.username) }, 'Remove')))));
  };
  const loadShares = () => app.guard(() => api.shares(serial)).then((s) => s && showShares(s))
    .catch((e) => say(shareMessage, e.message, 'error'));
  async function unshare(username) {
    try {
      await app.guard(() => api.unshare(serial, username));
      say(shareMessage, `${username} no longer sees this camera.`, 'ok');
      await loadShares();
    } catch (err) {
      say(shareMessage, err.message, 'error');
    }
  }
  shareForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = shareInput.value.trim();
    if (!username) {
      say(shareMessage, 'Enter the username of the person to share with.', 'error');
      shareInput.focus();
      return;
    }
    try {
      const share = await app.guard(() => api.share(serial, username));
      if (!share) return;
      shareInput.value = '';
      say(shareMessage, `${share.username} can now view this camera.`, 'ok');
      await loadShares();
    } catch (err) {
      say(shareMessage, err.message, 'error');
      shareInput.focus();
    }
  });
  loadShares();

  // Release: the owner chooses what happens to the video recorded while the camera was theirs.
  const keepText = h('span', {}, '');
  const keepSentence = () => `Keep it for me: only I can watch it, ${keptDays
    ? `until it is ${keptDays} days old` : 'until the server’s retention deletes it'}. The camera stays in my list until then.`;
  keepText.textContent = keepSentence();
  const keepChoice = h('input#release-keep', { type: 'radio', name: 'recordings', value: 'keep' });
  const deleteChoice = h('input#release-delete', { type: 'radio', name: 'recordings', value: 'delete' });
  const releaseConfirm = h('button.danger#release-confirm', { type: 'submit', value: 'release', disabled: true }, 'Remove camera');
  const choices = h('fieldset.choices', {},
    h('legend', {}, 'The video it recorded while it was yours:'),
    h('label.choice', { htmlFor: 'release-keep' }, keepChoice, keepText),
    h('label.choice', { htmlFor: 'release-delete' }, deleteChoice, h('span', {}, 'Delete it now. This cannot be undone.')));
  choices.addEventListener('change', () => { releaseConfirm.disabled = false; });
  const confirmDialog = h('dialog.dialog#release-dialog', { 'aria-labelledby': 'release-title' },
    h('form.stack', { method: 'dialog' },
      releaseTitle,
      h('p', {}, 'The camera leaves your account and the people you shared it with lose it too. The code on its label can add it again; its next owner never sees what it recorded for you.'),
      choices,
      h('div.actions', {},
        h('button.ghost', { type: 'submit', value: 'cancel', autofocus: true }, 'Keep the camera'),
        releaseConfirm)));
  confirmDialog.addEventListener('close', async () => {
    if (confirmDialog.returnValue !== 'release') return;
    const recordings = deleteChoice.checked ? 'delete' : 'keep';
    try {
      await app.guard(() => api.release(serial, recordings));
      app.notify(recordings === 'delete'
        ? `${name} removed from your account and its recordings deleted.`
        : `${name} removed from your account. Its recordings stay in your list until they expire.`, 'ok');
      events.released();
    } catch (err) {
      app.notify(err.message, 'error');
    }
  });
  const releaseCard = h('section.card.stack.danger-zone', { 'aria-labelledby': 'release-card-title' },
    h('h2#release-card-title', {}, 'Remove camera'),
    h('p.muted', {}, 'Give the camera to someone else or stop using it.'),
    h('div.actions', {}, h('button.danger#release-button', { type: 'button', onclick: () => {
      confirmDialog.returnValue = '';
      keepChoice.checked = false;
      deleteChoice.checked = false;
      releaseConfirm.disabled = true;
      confirmDialog.showModal();
    } }, 'Remove camera…')));

  const device = h('div.device-settings.settings-view');
  body.append(h('div.settings-view', {}, nameForm, recForm, cameraNotificationsCard(app, camera), shareForm, releaseCard, confirmDialog),
    h('h2.section-title', {}, 'The camera'), device);
  const stopDevice = mountDeviceSettings(device, app, camera);
  return () => {
    stopDevice();
    if (confirmDialog.open) confirmDialog.close();
  };
}
