// One camera's page: header (name, state, model, firmware) and its Live, Archive and Settings views.

import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { LivePlayer } from './live-player.js';
import { mountArchive } from './archive.js';
import { mountSettings } from './settings.js';

const TABS = [
  ['live', 'Live'],
  ['archive', 'Archive'],
  ['settings', 'Settings'],
];

export function mountCamera(main, app, serial, tab) {
  if (!TABS.some(([id]) => id === tab)) tab = 'live';
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
  main.append(h('section.page.camera-page', {},
    h('a.back', { href: '#/' }, '← All cameras'),
    h('div.camera-head', {}, title, h('div.camera-facts', {}, state, meta)),
    nav, body));

  let camera = null;
  let stopView = () => {};
  let stopped = false;

  function showCamera(c) {
    camera = c;
    const name = c.name ?? c.serial;
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
      showCamera(c);
      if (first) {
        stopView = mountTab(body, app, c, tab, {
          renamed: showCamera,
          released: () => app.go('#/'),
        });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        body.replaceChildren(h('div.empty', {}, h('p', {}, 'This camera is not in your list.'), h('a', { href: '#/' }, 'Back to your cameras')));
        return;
      }
      app.notify(e.message, 'error');
    }
  };
  load();
  const timer = setInterval(() => camera && load(), 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
    stopView();
  };
}

function mountTab(body, app, camera, tab, events) {
  if (tab === 'archive') return mountArchive(body, app, camera);
  if (tab === 'settings') return mountSettings(body, app, camera, events);
  const player = new LivePlayer(camera.serial, { label: `${camera.name ?? camera.serial}, live video` });
  body.append(h('div.live-view', {}, player.element,
    h('p.muted.help', {}, 'Press f for full screen. The picture reconnects by itself after a network drop.')));
  player.start();
  return () => player.stop();
}
