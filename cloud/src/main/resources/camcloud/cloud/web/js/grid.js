// The camera grid: every camera with its name, online state, model and firmware, and its latest
// picture (a snapshot refreshed every few seconds while on screen, not a live stream: a grid of many
// cameras opens no video connection; live starts when a camera is opened). A badge counts the new
// events since the page opened; pushed camera messages flip the online dot at once. Add a camera by
// its claim code. Cameras shared with the user say by whom; cameras they released keeping their
// recordings come last and open on those recordings.

import { api, ApiError } from './api.js';
import { h, say } from './dom.js';
import { relativeTime } from './time-format.js';
import { Snapshot } from './snapshot.js';
import { push } from './push.js';

const REFRESH_MS = 5000;

const CLAIM_MESSAGES = {
  404: 'No camera has this code. Check the 15 characters on the camera’s label (dashes and spaces do not matter).',
  429: 'Too many wrong codes. Wait a few minutes, then try again.',
};

function claimMessage(e) {
  if (!(e instanceof ApiError)) return e.message;
  if (e.status === 409) {
    return /yours/.test(e.message)
      ? 'This camera is already in your list.'
      : 'This camera is already added to another account. Its owner must release it before it can be added again.';
  }
  return CLAIM_MESSAGES[e.status] ?? e.message;
}

export function mountGrid(main, app) {
  const cards = new Map(); // serial -> {el, snapshot, ...}
  const list = h('ul.grid#camera-grid', { 'aria-label': 'Your cameras' });
  const empty = h('div.empty', { hidden: true },
    h('p', {}, 'No cameras yet.'),
    h('p.muted', {}, 'Plug your camera in, then add it with the code printed on its label.'));
  const addButton = h('button.primary#add-camera', { type: 'button', onclick: () => openDialog() }, '+ Add camera');
  const dialog = claimDialog(app, async (camera) => {
    await refresh();
    app.notify(`${camera.name ?? camera.serial} added.`, 'ok');
  });
  main.append(h('section.page', {},
    h('div.page-head', {}, h('h1', {}, 'Cameras'), addButton),
    empty, list, dialog.element));

  function openDialog() {
    dialog.open();
  }

  function card(camera) {
    const name = camera.name ?? camera.serial;
    const href = `#/cameras/${encodeURIComponent(camera.serial)}`;
    const thumb = h('div.thumb');
    const unseen = h('span.unseen-badge', { hidden: true, 'aria-hidden': 'true' }); // said in the link's label
    const state = h('span.state');
    const meta = h('p.meta');
    const seen = h('p.seen.muted');
    const el = h('li.camera-card', { dataset: { serial: camera.serial } },
      h('a.card-link', { href, 'aria-label': `${name}, open live view` }, thumb,
        h('div.card-body', {},
          h('h2.name', {}, name),
          state, meta, seen),
        unseen));
    return { el, thumb, state, meta, seen, unseen, nameEl: el.querySelector('.name') };
  }

  function update(entry, camera) {
    const name = camera.name ?? camera.serial;
    entry.el.dataset.access = camera.access ?? 'owner';
    if (camera.access === 'former') {
      entry.nameEl.textContent = name;
      const link = entry.el.querySelector('.card-link');
      link.href = `#/cameras/${encodeURIComponent(camera.serial)}/archive`;
      link.setAttribute('aria-label', `${name}, released, open your kept recordings`);
      entry.state.className = 'state released';
      entry.state.replaceChildren('Released');
      entry.meta.textContent = camera.model;
      entry.seen.textContent = 'Your recordings are kept until their retention ends.';
      entry.snapshot?.stop();
      entry.snapshot = null;
      entry.thumb.replaceChildren(h('div.placeholder', {}, h('span', { 'aria-hidden': 'true' }, '🗂'), h('span', {}, 'Recordings only')));
      return;
    }
    entry.nameEl.textContent = name;
    entry.name = name;
    showOnline(entry, camera.online);
    entry.meta.textContent = camera.access === 'viewer'
      ? `Shared by ${camera.sharedBy} · view only`
      : `${camera.model}${camera.firmwareVersion ? ` · firmware ${camera.firmwareVersion}` : ''}`;
    entry.seen.textContent = camera.online ? '' : camera.lastSeen ? `Last seen ${relativeTime(Date.parse(camera.lastSeen))}` : 'Never connected yet';
    if (!entry.snapshot) {
      entry.snapshot = new Snapshot(camera.serial, { label: `${name}, latest picture` });
      entry.snapshot.setOnline(camera.online);
      entry.thumb.replaceChildren(entry.snapshot.element, h('span.badge.offline-badge', {}, 'OFFLINE'));
      entry.snapshot.start();
    }
    showUnseen(entry, camera.serial);
  }

  function showOnline(entry, online) {
    entry.el.dataset.online = String(online);
    entry.online = online;
    entry.snapshot?.setOnline(online);
    label(entry);
    entry.state.replaceChildren(h(`span.dot.${online ? 'on' : 'off'}`, { 'aria-hidden': 'true' }), online ? 'Online' : 'Offline');
    entry.state.className = `state ${online ? 'online' : 'offline'}`;
  }

  function showUnseen(entry, serial) {
    const n = push.unseen(serial);
    entry.unseen.hidden = n === 0;
    entry.unseen.textContent = n > 99 ? '99+' : String(n);
    entry.unseenCount = n;
    label(entry);
  }

  function label(entry) {
    const n = entry.unseenCount ?? 0;
    entry.el.querySelector('.card-link').setAttribute('aria-label', `${entry.name}, ${entry.online ? 'online' : 'offline'}`
      + `${n ? `, ${n} new ${n === 1 ? 'event' : 'events'}` : ''}, open live view`);
  }

  const unsubscribe = [
    push.on('unseen', () => cards.forEach((entry, serial) => entry.snapshot && showUnseen(entry, serial))),
    push.on('camera', (c) => {
      const entry = cards.get(c?.serial);
      if (entry && entry.el.dataset.access !== 'former') {
        showOnline(entry, Boolean(c.online));
        if (c.online) entry.seen.textContent = '';
      }
    }),
  ];

  async function refresh() {
    const cameras = await app.guard(() => api.cameras());
    if (!cameras) return;
    const seen = new Set();
    cameras.forEach((camera, i) => {
      seen.add(camera.serial);
      let entry = cards.get(camera.serial);
      if (!entry) {
        entry = card(camera);
        cards.set(camera.serial, entry);
      }
      update(entry, camera);
      if (list.children[i] !== entry.el) list.insertBefore(entry.el, list.children[i] ?? null);
    });
    for (const [serial, entry] of cards) {
      if (!seen.has(serial)) {
        entry.snapshot?.stop();
        entry.el.remove();
        cards.delete(serial);
      }
    }
    empty.hidden = cameras.length > 0;
  }

  let timer = null;
  const tick = async () => {
    try {
      await refresh();
    } catch (e) {
      app.notify(e.message, 'error');
    }
    timer = setTimeout(tick, REFRESH_MS);
  };
  tick();

  return () => {
    clearTimeout(timer);
    timer = null;
    unsubscribe.forEach((off) => off());
    for (const entry of cards.values()) entry.snapshot?.stop();
    dialog.close();
  };
}

/** The "add a camera" dialog: claim code and name. */
function claimDialog(app, onClaimed) {
  const message = h('p.form-message#claim-message', { role: 'alert', hidden: true });
  const code = h('input#claim-code', {
    name: 'code', required: true, autocomplete: 'off', autocapitalize: 'characters', spellcheck: false,
    placeholder: '7K3QF-XW9TD-M2HRP', maxLength: 40, 'aria-describedby': 'claim-code-hint',
  });
  const name = h('input#claim-name', { name: 'name', required: true, maxLength: 64, placeholder: 'Front door' });
  const submit = h('button.primary', { type: 'submit' }, 'Add camera');
  const form = h('form.stack', { method: 'dialog', novalidate: true },
    h('h2#claim-title', {}, 'Add a camera'),
    message,
    h('label', { htmlFor: 'claim-code' }, 'Code on the camera’s label'),
    code,
    h('p.hint#claim-code-hint', {}, '15 letters and digits, e.g. 7K3QF-XW9TD-M2HRP'),
    h('label', { htmlFor: 'claim-name' }, 'Name'),
    name,
    h('div.actions', {},
      h('button.ghost', { type: 'button', onclick: () => element.close() }, 'Cancel'),
      submit));
  const element = h('dialog.dialog#claim-dialog', { 'aria-labelledby': 'claim-title' }, form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say(message, '');
    if (!code.value.trim()) {
      say(message, 'Enter the code printed on the camera’s label.', 'error');
      code.focus();
      return;
    }
    if (!name.value.trim()) {
      say(message, 'Give the camera a name, such as “Front door”.', 'error');
      name.focus();
      return;
    }
    submit.disabled = true;
    try {
      const camera = await app.guard(() => api.claim(code.value.trim(), name.value.trim()));
      if (!camera) return;
      element.close();
      await onClaimed(camera);
    } catch (e) {
      say(message, claimMessage(e), 'error');
      code.focus();
      code.select();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    element,
    open() {
      form.reset();
      say(message, '');
      element.showModal();
      code.focus();
    },
    close() {
      if (element.open) element.close();
    },
  };
}
