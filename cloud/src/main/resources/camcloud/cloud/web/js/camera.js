// One camera's page: header (name, state, model, firmware) and its Live, Events, Archive and Settings
// views. What the page offers follows the caller's access: the owner gets all of them, with the PTZ
// pad under the live picture of a camera that can pan and tilt; an account the camera is shared with
// gets Live, Events and Archive (view only, no controls); a former owner who kept their recordings
// gets the Events and Archive of those, and can delete them.

import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { LivePlayer } from './live-player.js';
import { mountArchive } from './archive.js';
import { mountSettings } from './settings.js';
import { mountEvents } from './events.js';
import { mountPtz } from './ptz.js';
import { push } from './push.js';

const TABS = [
  ['live', 'Live'],
  ['events', 'Events'],
  ['archive', 'Archive'],
  ['settings', 'Settings'],
];

/** The tabs of each kind of access (see "access" in GET /api/cameras/{serial}). */
const TABS_OF = {
  owner: ['live', 'events', 'archive', 'settings'],
  viewer: ['live', 'events', 'archive'],
  former: ['archive', 'events'],
};

export function mountCamera(main, app, serial, tab, at) {
  if (!TABS.some(([id]) => id === tab)) tab = 'live';
  const role = h('p.role-note.muted#camera-role', { hidden: true });
  const title = h('h1.camera-name', {}, serial);
  const state = h('span.state');
  const meta = h('span.meta.muted');
  const body = h('div.tab-body', { id: 'tab-body' });
  const nav = h('nav.tabs', { 'aria-label': 'Camera views' },
    ...TABS.map(([id, label]) => h('a.tab', {
      href: `#/cameras/${encodeURIComponent(serial)}/${id}`,
      id: `tab-${id}`,
      'aria-current': id === tab ? 'page' : undefined,
    }, label)));
  const page = h('section.page.camera-page', {},
    h('a.back', { href: '#/' }, '← All cameras'),
    h('div.camera-head', {}, title, h('div.camera-facts', {}, state, meta)),
    role, nav, body);
  main.append(page);

  let camera = null;
  let stopView = () => {};
  let stopped = false;

  function showCamera(c) {
    camera = c;
    const name = c.name ?? c.serial;
    const allowed = TABS_OF[c.access] ?? TABS_OF.owner;
    nav.querySelectorAll('.tab').forEach((a) => { a.hidden = !allowed.includes(a.id.replace('tab-', '')); });
    showRole(c);
    if (c.access === 'former') {
      title.textContent = name;
      document.title = `${name} · Archive · camcloud`;
      state.className = 'state released';
      state.replaceChildren('Released');
      meta.textContent = `${c.model} · ${c.serial}`;
      return;
    }
    title.textContent = name;
    document.title = `${name} · ${TABS.find(([id]) => id === tab)[1]} · camcloud`;
    state.className = `state ${c.online ? 'online' : 'offline'}`;
    state.replaceChildren(h(`span.dot.${c.online ? 'on' : 'off'}`, { 'aria-hidden': 'true' }), c.online ? 'Online' : 'Offline');
    meta.textContent = `${c.model}${c.firmwareVersion ? ` · firmware ${c.firmwareVersion}` : ''} · ${c.serial}`;
  }

  const load = async () => {
    try {
      const c = await app.guard(() => api.camera(serial));
      if (!c || stopped) return;
      const first = camera === null;
      const allowed = TABS_OF[c.access] ?? TABS_OF.owner;
      if (first && !allowed.includes(tab)) {
        app.go(`#/cameras/${encodeURIComponent(serial)}/${allowed[0]}`);
        return;
      }
      showCamera(c);
      if (first) {
        stopView = mountTab(body, app, c, tab, at, {
          renamed: showCamera,
          released: () => app.go('#/'),
        });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        stopView();
        stopView = () => {};
        nav.hidden = true;
        role.hidden = true;
        body.replaceChildren(h('div.empty', {}, h('p', {}, 'This camera is not in your list.'), h('a', { href: '#/' }, 'Back to your cameras')));
        return;
      }
      app.notify(e.message, 'error');
    }
  };
  function showRole(c) {
    if (c.access === 'viewer') {
      role.replaceChildren(`Shared with you by ${c.sharedBy} · view only `,
        h('button.ghost.small#leave-share', { type: 'button', onclick: leave }, 'Stop viewing'));
    } else if (c.access === 'former') {
      role.replaceChildren('You released this camera. The recordings from while it was yours are kept for you '
        + 'alone until their retention ends. ',
        h('button.danger.small#delete-kept', { type: 'button', onclick: deleteKept }, 'Delete these recordings'));
    }
    role.hidden = c.access !== 'viewer' && c.access !== 'former';
  }

  async function leave() {
    try {
      await app.guard(() => api.unshare(serial, app.me.username));
      app.notify(`You no longer see ${camera.name ?? serial}.`, 'ok');
      app.go('#/');
    } catch (e) {
      app.notify(e.message, 'error');
    }
  }

  async function deleteKept() {
    if (!window.confirm('Delete the recordings you kept of this camera? This cannot be undone.')) return;
    try {
      await app.guard(() => api.deleteKeptRecordings(serial));
      app.notify('Your recordings of this camera are deleted.', 'ok');
      app.go('#/');
    } catch (e) {
      app.notify(e.message, 'error');
    }
  }

  // A live view ended because access ended (share revoked, camera released): the page follows.
  page.addEventListener('accessended', () => load());
  // The server says at once when the camera comes or goes.
  const offCamera = push.on('camera', (c) => {
    if (camera && c?.serial === serial && camera.access !== 'former') showCamera({ ...camera, online: Boolean(c.online) });
  });
  load();
  const timer = setInterval(() => camera && load(), 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
    offCamera();
    stopView();
  };
}

function mountTab(body, app, camera, tab, at, events) {
  if (tab === 'archive') return mountArchive(body, app, camera, at === undefined ? undefined : Number(at));
  if (tab === 'settings') return mountSettings(body, app, camera, events);
  if (tab === 'events') return mountEvents(body, app, camera);
  const player = new LivePlayer(camera.serial, { label: `${camera.name ?? camera.serial}, live video` });
  const view = h('div.live-view', {}, player.element,
    h('p.muted.help', {}, 'Press f for full screen. The picture reconnects by itself after a network drop.'));
  body.append(view);
  player.start();
  // PTZ only for the owner (a share is view only), and only when the camera reports it can pan and tilt.
  const stopPtz = (camera.access ?? 'owner') === 'owner' ? mountPtz(view, app, camera) : () => {};
  return () => {
    stopPtz();
    player.stop();
  };
}
