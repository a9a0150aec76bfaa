// The PTZ pad under the live picture, for the owner of a camera that reports `caps.ptz` (pan/tilt
// limits and its top speed): arrows move a step relative to where it looks, the middle button stops
// it, a speed choice; presets (the camera's `ptz.presets`): go to one, save the current view under a
// name, delete one. The position it reports is shown and followed while it moves. Errors are said as
// the cloud and the camera put them: offline, rejected with the camera's own message, no answer.

import { api, ApiError, optional } from './api.js';
import { h, say } from './dom.js';

const STEP_DEG = 10;
const POLL_MS = 2000; // the camera reports where it looks; a moving camera is followed faster
const POLL_MOVING_MS = 500;
const NAME = /^[A-Za-z0-9 _-]{1,32}$/;

/** caps.ptz "PANMIN,PANMAX,TILTMIN,TILTMAX,MAXSPEED" → limits, or null without PTZ. */
export function parsePtzCaps(value) {
  const n = String(value ?? '').split(',').map(Number);
  if (n.length !== 5 || n.some((x) => !Number.isFinite(x))) return null;
  return { panMin: n[0], panMax: n[1], tiltMin: n[2], tiltMax: n[3], maxSpeed: n[4] };
}

/** ptz.presets "NAME:PAN,TILT;..." → [{name, pan, tilt}]. */
export function parsePresets(value) {
  if (!value) return [];
  return String(value).split(';').filter(Boolean).map((entry) => {
    const colon = entry.lastIndexOf(':');
    const [pan, tilt] = entry.slice(colon + 1).split(',').map(Number);
    return { name: colon < 0 ? entry : entry.slice(0, colon), pan, tilt };
  });
}

/** Adds the pad to `view` once the camera's state says it has PTZ; returns the cleanup. */
export function mountPtz(view, app, camera) {
  const serial = camera.serial;
  let stopped = false;
  let timer = null;
  let fastUntil = 0;
  let panel = null;
  let parts = null;

  async function poll() {
    clearTimeout(timer);
    try {
      const s = await app.guard(() => optional(() => api.deviceSettings(serial), undefined));
      if (stopped) return;
      if (s === undefined) return; // no settings route on this cloud: no pad, no more asking
      if (s) show(s.state ?? {});
    } catch {
      // a failed look-up is retried at the next poll; errors of commands are the ones to show
    }
    if (!stopped) timer = setTimeout(poll, Date.now() < fastUntil ? POLL_MOVING_MS : POLL_MS);
  }

  function show(state) {
    const caps = parsePtzCaps(state['caps.ptz']);
    if (!caps) {
      panel?.remove();
      panel = null;
      return;
    }
    if (!panel) build(caps);
    const pan = Number(state['ptz.pan_deg']);
    const tilt = Number(state['ptz.tilt_deg']);
    const moving = state['ptz.moving'] === 'true';
    if (moving) fastUntil = Math.max(fastUntil, Date.now() + 1000);
    if (Number.isFinite(pan) && Number.isFinite(tilt)) {
      parts.position.textContent = `Pan ${pan.toFixed(1)}°, tilt ${tilt.toFixed(1)}°${moving ? ' (moving)' : ''}`;
      panel.dataset.pan = String(pan);
      panel.dataset.tilt = String(tilt);
      panel.dataset.moving = String(moving);
    }
    showPresets(parsePresets(state['ptz.presets']));
  }

  function build(caps) {
    const speeds = [['Slow', Math.max(1, Math.round(caps.maxSpeed / 6))], ['Normal', Math.max(1, Math.round(caps.maxSpeed / 2))], ['Fast', caps.maxSpeed]];
    const speed = h('select#ptz-speed', {}, ...speeds.map(([label, v], i) => h('option', { value: String(v), selected: i === 1 }, `${label} (${v}°/s)`)));
    const move = (pan, tilt, label) => h('button.ptz-move', {
      type: 'button', 'aria-label': label, title: label,
      onclick: () => command(() => api.ptz(serial, { pan, tilt, relative: true, speed: Number(speed.value) }), null),
    }, { left: '◀', right: '▶', up: '▲', down: '▼' }[label.split(' ')[1]]);
    const position = h('p.ptz-position#ptz-position', { 'aria-live': 'polite' });
    const message = h('p.form-message#ptz-message', { role: 'status', 'aria-live': 'polite', hidden: true });
    const presetList = h('ul.preset-list#preset-list', { 'aria-label': 'Presets' });
    const presetName = h('input#preset-name', { maxLength: 32, placeholder: 'e.g. Gate', autocomplete: 'off', pattern: '[A-Za-z0-9 _-]{1,32}' });
    const presetForm = h('form.preset-form', { novalidate: true },
      h('label', { htmlFor: 'preset-name' }, 'Save this view as'), presetName,
      h('button.primary#save-preset', { type: 'submit' }, 'Save preset'));
    presetForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = presetName.value.trim();
      if (!NAME.test(name)) {
        say(message, 'A preset name has 1 to 32 letters, digits, spaces, _ or -.', 'error');
        presetName.focus();
        return;
      }
      command(() => api.savePreset(serial, name), `Saved “${name}”.`).then((ok) => { if (ok) presetName.value = ''; });
    });
    parts = { position, message, presetList, speed };
    panel = h('section.card.ptz#ptz', { 'aria-labelledby': 'ptz-title' },
      h('h2#ptz-title', {}, 'Pan and tilt'),
      h('div.ptz-body', {},
        h('div.ptz-pad', { role: 'group', 'aria-label': 'Move the camera' },
          h('span'), move(0, STEP_DEG, 'Tilt up'), h('span'),
          move(-STEP_DEG, 0, 'Pan left'),
          h('button.ptz-stop#ptz-stop', { type: 'button', 'aria-label': 'Stop', title: 'Stop', onclick: () => command(() => api.ptz(serial, { stop: true }), null) }, '■'),
          move(STEP_DEG, 0, 'Pan right'),
          h('span'), move(0, -STEP_DEG, 'Tilt down'), h('span')),
        h('div.ptz-side.stack', {},
          h('label', { htmlFor: 'ptz-speed' }, 'Speed'), speed,
          position,
          h('p.hint', {}, `Pan ${caps.panMin}° to ${caps.panMax}°, tilt ${caps.tiltMin}° to ${caps.tiltMax}°.`))),
      message,
      h('h3', {}, 'Presets'), presetList, presetForm);
    view.append(panel);
  }

  function showPresets(presets) {
    const names = presets.map((p) => p.name).join(';');
    if (parts.presetList.dataset.names === names && parts.presetList.childElementCount) return;
    parts.presetList.dataset.names = names;
    parts.presetList.replaceChildren(...(presets.length === 0
      ? [h('li.muted', {}, 'No presets yet.')]
      : presets.map((p) => h('li.preset', { dataset: { name: p.name } },
        h('button.ghost.small.goto', { type: 'button', 'aria-label': `Go to ${p.name}`, onclick: () => command(() => api.gotoPreset(serial, p.name), `Going to “${p.name}”.`) },
          p.name, h('span.muted', {}, ` ${Number.isFinite(p.pan) ? `${p.pan}°, ${p.tilt}°` : ''}`)),
        h('button.ghost.small', { type: 'button', 'aria-label': `Delete preset ${p.name}`, onclick: () => command(() => api.deletePreset(serial, p.name), `Deleted “${p.name}”.`) }, 'Delete')))));
  }

  /** Runs one command; shows its result or its error; true when the camera did it. */
  async function command(request, okText) {
    say(parts.message, '');
    panel.setAttribute('aria-busy', 'true');
    try {
      const result = await app.guard(request);
      if (!result) return false;
      if (result.state) show(result.state);
      if (result.result && result.result !== 'ok') {
        say(parts.message, result.message || `The camera answered: ${result.result}.`, 'error');
        return false;
      }
      if (okText) say(parts.message, okText, 'ok');
      fastUntil = Date.now() + 5000;
      poll();
      return true;
    } catch (e) {
      say(parts.message, commandError(e), 'error');
      return false;
    } finally {
      panel?.removeAttribute('aria-busy');
    }
  }

  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** What to tell the owner when a command failed. */
export function commandError(e) {
  if (!(e instanceof ApiError)) return e.message;
  if (e.status === 409) return 'The camera is offline. Try again when it is back.';
  if (e.status === 504) return e.message || 'The camera did not answer.';
  if (e.status === 400 && e.data?.message) return `The camera refused: ${e.data.message}`;
  return e.message;
}
