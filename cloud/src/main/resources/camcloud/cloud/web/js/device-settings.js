// The camera's own settings, for its owner (GET/PATCH /api/cameras/{serial}/settings): day/night
// mode with what it is now, the picture (brightness, contrast, mirror, flip, resolution from the
// camera's list, fps, bitrate), detection (motion with sensitivity, minimum area and zones drawn on
// the picture; sound with its threshold), and continuous or events-only recording with pre- and
// post-roll. Each card sends only what changed; the camera checks every value and a refusal shows
// in its own words. Values shown are what the camera reports, else what was last asked of it.

import { api, optional } from './api.js';
import { h, say } from './dom.js';
import { commandError } from './ptz.js';
import { ZoneEditor } from './zones.js';

const DEFAULTS = {
  'image.brightness': '0', 'image.contrast': '0', 'image.mirror': 'false', 'image.flip': 'false',
  'motion.enabled': 'true', 'motion.sensitivity': '50', 'motion.min_area_percent': '1', 'motion.zones': '',
  'sound.enabled': 'true', 'sound.threshold_dbfs': '-30', 'daynight.mode': 'auto',
  'recording.mode': 'continuous', 'recording.pre_roll_s': '5', 'recording.post_roll_s': '5',
};

/** Appends the cards to `container` once the settings are known; returns the cleanup. */
export function mountDeviceSettings(container, app, camera) {
  const serial = camera.serial;
  const placeholder = h('section.card.stack#device-settings-loading', { 'aria-busy': 'true' },
    h('h2', {}, 'Camera settings'), h('p.muted', {}, 'Asking the cloud for the camera’s settings…'));
  container.append(placeholder);
  let current = {};
  let stopped = false;

  app.guard(() => optional(() => api.deviceSettings(serial), undefined)).then((s) => {
    if (stopped || s === null) return;
    if (s === undefined) {
      placeholder.removeAttribute('aria-busy');
      placeholder.querySelector('p').textContent = 'This cloud cannot change the camera’s own settings yet.';
      return;
    }
    current = { ...DEFAULTS, ...(s.settings ?? {}), ...(s.state ?? {}) };
    const cards = [dayNightCard(), imageCard(), detectionCard(), recordingModeCard()];
    placeholder.replaceWith(...cards);
    if (!s.online) app.notify('The camera is offline: its settings can be changed when it is back.', 'info');
  }).catch((e) => {
    placeholder.removeAttribute('aria-busy');
    placeholder.querySelector('p').textContent = e.message;
  });

  function get(key) {
    return current[key] ?? DEFAULTS[key] ?? '';
  }

  /** A card whose form PATCHes the keys of `fields` that changed. */
  function card({ id, title, intro, fields, extra = [], submit, check }) {
    const message = h('p.form-message', { id: `${id}-message`, role: 'status', 'aria-live': 'polite', hidden: true });
    const button = h('button.primary', { type: 'submit', id: `${id}-save` }, submit);
    const form = h(`form.card.stack#${id}`, { novalidate: true, 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, title),
      intro ? h('p.muted', {}, intro) : null,
      ...fields.map((f) => f.element), ...extra,
      h('div.actions', {}, button), message);
    const refresh = () => fields.forEach((f) => f.set(get(f.key)));
    refresh();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      say(message, '');
      const problem = check?.();
      if (problem) {
        say(message, problem, 'error');
        return;
      }
      const changes = {};
      for (const f of fields) {
        const value = f.get();
        if (value === null) {
          say(message, f.invalid(), 'error');
          f.focus();
          return;
        }
        if (value !== undefined && value !== get(f.key)) changes[f.key] = value;
      }
      if (Object.keys(changes).length === 0) {
        say(message, 'Nothing changed.', 'info');
        return;
      }
      button.disabled = true;
      try {
        const result = await app.guard(() => api.changeSettings(serial, changes));
        if (!result) return;
        Object.assign(current, changes, result.state ?? {});
        refresh(); // this card only: the others may hold edits not saved yet
        say(message, result.result && result.result !== 'ok' ? (result.message || `The camera answered: ${result.result}.`) : 'Saved on the camera.',
          result.result && result.result !== 'ok' ? 'error' : 'ok');
      } catch (err) {
        say(message, commandError(err), 'error');
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  function dayNightCard() {
    const now = h('p.muted#daynight-now');
    const message = h('p.form-message#daynight-message', { role: 'status', 'aria-live': 'polite', hidden: true });
    const radios = ['auto', 'day', 'night'].map((mode) => h('input', { type: 'radio', name: 'daynight-mode', value: mode, id: `daynight-${mode}` }));
    const labels = { auto: 'Automatic (by the light)', day: 'Always day (colour)', night: 'Always night (infrared, black and white)' };
    const showNow = () => {
      const state = current['daynight.state'];
      now.textContent = state ? `Now: ${state === 'night' ? 'night (infrared on)' : 'day'}.` : '';
      radios.forEach((r) => { r.checked = r.value === get('daynight.mode'); });
    };
    showNow();
    const form = h('form.card.stack#daynight-form', { novalidate: true, 'aria-labelledby': 'daynight-title' },
      h('h2#daynight-title', {}, 'Day and night'), now,
      h('fieldset.choices', {}, h('legend', {}, 'Mode'),
        ...radios.map((r) => h('label.choice', { htmlFor: r.id }, r, h('span', {}, labels[r.value])))),
      h('div.actions', {}, h('button.primary#daynight-save', { type: 'submit' }, 'Set mode')), message);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const mode = radios.find((r) => r.checked)?.value;
      if (!mode) return;
      try {
        const result = await app.guard(() => api.dayNight(serial, mode));
        if (!result) return;
        Object.assign(current, { 'daynight.mode': mode }, result.state ?? {});
        showNow();
        say(message, 'Saved on the camera.', 'ok');
      } catch (err) {
        say(message, commandError(err), 'error');
      }
    });
    return form;
  }

  function imageCard() {
    const resolutions = (current['caps.resolutions'] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const fpsMax = Number(current['caps.fps.max']) || 30;
    const fields = [
      range('image.brightness', 'Brightness', -100, 100),
      range('image.contrast', 'Contrast', -100, 100),
      toggle('image.mirror', 'Mirror (left and right swapped)'),
      toggle('image.flip', 'Flip (upside down, for a ceiling mount)'),
      resolutions.length ? choice('video.resolution', 'Resolution', resolutions.map((r) => [r, r.replace('x', ' × ')])) : null,
      number('video.fps', 'Frames per second', 1, fpsMax, 1),
      number('video.bitrate_kbps', 'Bitrate (kbit/s)', 64, 8000, 1),
    ].filter(Boolean);
    return card({ id: 'image-form', title: 'Picture', fields, submit: 'Save picture settings' });
  }

  function detectionCard() {
    const zoneMessage = h('p.form-message#zones-message', { role: 'status', 'aria-live': 'polite', hidden: true });
    const zones = new ZoneEditor(serial, { onChange: (problem) => say(zoneMessage, problem ?? '', 'error') });
    const zoneField = {
      key: 'motion.zones',
      element: h('div.field.zones-field', {}, h('h3', {}, 'Zones'), zones.element, zoneMessage),
      get: () => zones.value(),
      set: (v) => zones.setValue(v),
      focus: () => zones.canvas.focus(),
      invalid: () => zones.problem(),
    };
    const fields = [
      toggle('motion.enabled', 'Detect motion'),
      range('motion.sensitivity', 'Motion sensitivity (higher: smaller changes count)', 1, 100),
      number('motion.min_area_percent', 'Smallest moving area (% of the picture)', 0.1, 100, 0.1),
      zoneField,
      toggle('sound.enabled', 'Detect sound'),
      number('sound.threshold_dbfs', 'Sound threshold (dBFS, -90 quiet to 0 loudest)', -90, 0, 1),
    ];
    return card({ id: 'detection-form', title: 'Detection', fields, submit: 'Save detection settings', check: () => zones.problem() });
  }

  function recordingModeCard() {
    const fields = [
      choice('recording.mode', 'What the camera records', [['continuous', 'Everything (continuous)'], ['events', 'Events only, with the moments before and after']]),
      number('recording.pre_roll_s', 'Before an event (seconds)', 0, 10, 1),
      number('recording.post_roll_s', 'After an event (seconds)', 0, 60, 1),
    ];
    return card({ id: 'recmode-form', title: 'Recording mode', intro: 'Events only keeps hours of nothing off the archive; the timeline shows them as “no event”.', fields, submit: 'Save recording mode' });
  }

  return () => {
    stopped = true;
  };
}

// Fields: {key, element, get() → the setting's string, null when invalid, undefined to leave it, set(string), focus(), invalid()}.

let fieldIds = 0;

function range(key, label, min, max) {
  const id = `set-${key.replace(/\W/g, '-')}`;
  const input = h('input', { id, type: 'range', min, max, step: 1, dataset: { key } });
  const out = h('output', { htmlFor: id });
  input.addEventListener('input', () => { out.value = input.value; });
  return {
    key,
    element: h('div.field.range-field', {}, h('label', { htmlFor: id }, label, ' ', out), input),
    get: () => input.value,
    set: (v) => { input.value = v; out.value = input.value; },
    focus: () => input.focus(),
    invalid: () => `${label}: from ${min} to ${max}.`,
  };
}

function number(key, label, min, max, step) {
  const id = `set-${key.replace(/\W/g, '-')}`;
  const input = h('input', { id, type: 'number', min, max, step, inputMode: step < 1 ? 'decimal' : 'numeric', dataset: { key } });
  return {
    key,
    element: h('div.field', {}, h('label', { htmlFor: id }, label), input),
    get: () => {
      if (input.value === '') return undefined; // not reported and not set: left as the camera has it
      const n = Number(input.value);
      if (!Number.isFinite(n) || n < min || n > max) return null;
      if (step >= 1 && !Number.isInteger(n)) return null;
      return String(n);
    },
    set: (v) => { input.value = v ?? ''; },
    focus: () => input.focus(),
    invalid: () => `${label}: a number from ${min} to ${max}${step >= 1 ? ', whole' : ''}.`,
  };
}

function toggle(key, label) {
  const id = `set-${key.replace(/\W/g, '-')}`;
  const input = h('input', { id, type: 'checkbox', role: 'switch', dataset: { key } });
  return {
    key,
    element: h('label.switch-row', { htmlFor: id }, input, h('span', {}, label)),
    get: () => String(input.checked),
    set: (v) => { input.checked = v === 'true'; },
    focus: () => input.focus(),
    invalid: () => label,
  };
}

function choice(key, label, options) {
  const id = `set-${key.replace(/\W/g, '-')}-${++fieldIds}`;
  const select = h('select', { id, dataset: { key } }, ...options.map(([value, text]) => h('option', { value }, text)));
  return {
    key,
    element: h('div.field', {}, h('label', { htmlFor: id }, label), select),
    get: () => select.value,
    set: (v) => {
      // a value the list lacks (or none reported: the camera's default) is shown as it is
      if (![...select.options].some((o) => o.value === (v ?? ''))) select.append(h('option', { value: v ?? '' }, v || 'The camera’s default'));
      select.value = v ?? '';
    },
    focus: () => select.focus(),
    invalid: () => label,
  };
}
