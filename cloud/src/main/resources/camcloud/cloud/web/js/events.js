// The events view: what the cameras noticed, newest first, each with the picture of its start, its
// type, zone, time and duration. Filters by type and time range (and camera, across cameras); "Load
// more" pages back with the API's cursor. New events arrive live from the push stream and go on top.
// A click plays the moment in the camera's archive, from a few seconds before the event started.
// One camera's (its Events tab) or every camera's (#/events).

import { api, optional } from './api.js';
import { h, say } from './dom.js';
import { push } from './push.js';
import { permissionButton } from './toast.js';
import { EVENT_TYPES, eventTitle, kindClass, parseEvent } from './event-kinds.js';
import { duration, isoDay, shortDate, timeOfDay } from './time-format.js';

const PAGE = 24;

/** #/events: every camera's events. */
export function mountEventsPage(main, app) {
  document.title = 'Events · camcloud';
  const body = h('div.events-page-body');
  main.append(h('section.page.events-page', {},
    h('a.back', { href: '#/' }, '← All cameras'),
    h('div.page-head', {}, h('h1', {}, 'Events'), permissionButton()),
    body));
  return mountEvents(body, app, null);
}

/** The events list into `body`: of `camera` (the API's camera JSON), or of every camera when null. */
export function mountEvents(body, app, camera) {
  const serial = camera?.serial;
  const types = new Set(); // none chosen: every type
  let next = null;
  let stopped = false;
  let generation = 0;
  const shown = new Map(); // id -> {event, el}

  const chips = EVENT_TYPES.map(([id, label]) => h(`button.chip.type-chip.${kindClass(id)}`, {
    type: 'button', 'aria-pressed': 'false', dataset: { type: id },
    onclick: (e) => {
      const on = !types.has(id);
      if (on) types.add(id);
      else types.delete(id);
      e.currentTarget.setAttribute('aria-pressed', String(on));
      reload();
    },
  }, label));
  const fromInput = h('input#events-from', { type: 'datetime-local', step: 1, onchange: () => reload() });
  const toInput = h('input#events-to', { type: 'datetime-local', step: 1, onchange: () => reload() });
  const cameraSelect = serial ? null : h('select#events-camera', { 'aria-label': 'Camera', onchange: () => reload() },
    h('option', { value: '' }, 'All cameras'));
  const clear = h('button.link#events-clear', { type: 'button', onclick: () => {
    types.clear();
    chips.forEach((c) => c.setAttribute('aria-pressed', 'false'));
    fromInput.value = '';
    toInput.value = '';
    if (cameraSelect) cameraSelect.value = '';
    reload();
  } }, 'Show all');
  const list = h('ul.event-list#event-list', { 'aria-label': serial ? 'Events of this camera' : 'Events of your cameras' });
  const status = h('p.status-line#events-status', { role: 'status', 'aria-live': 'polite' });
  const more = h('button.ghost#events-more', { type: 'button', hidden: true, onclick: () => load(false) }, 'Load more');
  body.append(h('div.events-view', {},
    h('div.event-filters', { role: 'group', 'aria-label': 'Filter events' },
      h('div.type-chips', { role: 'group', 'aria-label': 'Types' }, h('span.muted', {}, 'Type'), ...chips),
      cameraSelect,
      h('label.range', { htmlFor: 'events-from' }, 'From', fromInput),
      h('label.range', { htmlFor: 'events-to' }, 'To', toInput),
      clear),
    status, list, h('div.actions.more', {}, more)));

  function filter() {
    const from = fromInput.value ? new Date(fromInput.value) : null;
    const to = toInput.value ? new Date(toInput.value) : null;
    return {
      type: types.size ? [...types] : undefined,
      camera: cameraSelect?.value || undefined,
      from: from && !Number.isNaN(from.getTime()) ? from.toISOString() : undefined,
      to: to && !Number.isNaN(to.getTime()) ? to.toISOString() : undefined,
      limit: PAGE,
    };
  }

  function reload() {
    list.replaceChildren();
    shown.clear();
    next = null;
    load(true);
  }

  async function load(first) {
    const mine = ++generation;
    const f = filter();
    if (f.from && f.to && f.to <= f.from) {
      say(status, 'The end of the range must be after its start.', 'error');
      more.hidden = true;
      return;
    }
    if (!first) f.before = next;
    more.disabled = true;
    say(status, 'Loading events…');
    try {
      const page = await app.guard(() => optional(() => (serial ? api.cameraEvents(serial, f) : api.events(f)), undefined));
      if (stopped || mine !== generation) return;
      if (page === undefined) {
        say(status, 'This cloud does not keep events yet.');
        more.hidden = true;
        return;
      }
      if (!page) return; // session ended
      for (const raw of page.events ?? []) {
        const e = parseEvent(raw);
        if (!shown.has(e.id)) list.append(card(e));
      }
      next = page.next ?? null;
      more.hidden = !next;
      say(status, shown.size ? '' : filtered(f) ? 'No events match these filters.' : 'No events yet. Motion, sound and day/night switches show here as they happen.');
      if (first && isShowing()) push.seen(serial);
    } catch (err) {
      if (!stopped && mine === generation) say(status, err.message, 'error');
    } finally {
      more.disabled = false;
    }
  }

  function card(e) {
    const el = h(`li.event-card.${kindClass(e.type)}`, { dataset: { id: e.id, type: e.type, camera: e.camera, start: String(e.startMs) } });
    fill(el, e);
    shown.set(e.id, { event: e, el });
    return el;
  }

  function fill(el, e) {
    const picture = e.snapshot
      ? h('img.event-snapshot', { src: e.snapshot, alt: `${eventTitle(e)} at ${timeOfDay(e.startMs)}`, loading: 'lazy', decoding: 'async', draggable: false })
      : h('div.placeholder', {}, h('span', { 'aria-hidden': 'true' }, '📷'), h('span', {}, 'No picture'));
    const when = isoDay(e.startMs) === isoDay(Date.now()) ? timeOfDay(e.startMs) : `${shortDate(e.startMs)}, ${timeOfDay(e.startMs)}`;
    const length = e.endMs === null ? 'going on' : e.endMs - e.startMs < 1000 ? 'instant' : duration(e.endMs - e.startMs);
    const name = e.cameraName ?? e.camera;
    el.replaceChildren(h('button.event-open', {
      type: 'button', onclick: () => playMoment(e),
      'aria-label': `${eventTitle(e)}${serial ? '' : ` on ${name}`}, ${when}, ${length}: play this moment`,
    },
    h('div.event-thumb', {}, picture, h(`span.badge.kind-badge.${kindClass(e.type)}`, {}, eventTitle(e))),
    h('div.event-body', {},
      serial ? null : h('strong.event-camera', {}, name),
      h('span.event-time', {}, when),
      h('span.event-length.muted', {}, length))));
  }

  function playMoment(e) {
    app.go(`#/cameras/${encodeURIComponent(e.camera)}/archive/${e.startMs}`);
  }

  /** A pushed event: a new one goes on top when it matches the filters; a known one is updated (its end). */
  function pushed(raw) {
    if (!raw || typeof raw.id !== 'string') return;
    const e = parseEvent(raw);
    const known = shown.get(e.id);
    if (known) {
      known.event = e;
      fill(known.el, e);
      return;
    }
    const f = filter();
    if (serial && e.camera !== serial) return;
    if (f.camera && e.camera !== f.camera) return;
    if (f.type && !f.type.includes(e.type)) return;
    if ((f.from && e.startMs < Date.parse(f.from)) || (f.to && e.startMs >= Date.parse(f.to))) return;
    const el = card(e);
    el.classList.add('new');
    list.prepend(el);
    say(status, '');
    if (isShowing()) push.seen(serial);
  }

  function isShowing() {
    return document.visibilityState === 'visible';
  }

  const onVisible = () => isShowing() && push.seen(serial);
  document.addEventListener('visibilitychange', onVisible);
  const off = push.on('event', pushed);
  if (cameraSelect) {
    app.guard(() => api.cameras()).then((cameras) => {
      if (!cameras || stopped) return;
      cameraSelect.append(...cameras.map((c) => h('option', { value: c.serial }, c.name ?? c.serial)));
    }).catch(() => {});
  }
  load(true);
  return () => {
    stopped = true;
    off();
    document.removeEventListener('visibilitychange', onVisible);
  };
}

function filtered(f) {
  return Boolean(f.type || f.camera || f.from || f.to);
}
