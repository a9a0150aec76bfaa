// Motion zones drawn on the camera's latest picture: drag a rectangle to add a zone, name it, choose
// "detect" (only motion inside counts) or "mask" (motion inside is ignored), delete it. The value is
// the camera's `motion.zones` setting: `NAME:KIND:X,Y,W,H;...`, X/Y/W/H fractions of the picture
// (so a zone stays put whatever the resolution); empty: the whole picture, no masks.

import { api } from './api.js';
import { h } from './dom.js';

export const MAX_ZONES = 16;
const NAME = /^[A-Za-z0-9 _-]{1,32}$/;
const MIN_SIZE = 0.02; // a drag smaller than this share of the picture is a click, not a zone

/** "NAME:KIND:X,Y,W,H;..." → [{name, kind, x, y, w, h}] (entries that do not parse are left out). */
export function parseZones(value) {
  if (!value) return [];
  return String(value).split(';').filter(Boolean).map((entry) => {
    const parts = entry.split(':');
    if (parts.length !== 3) return null;
    const [x, y, w, hh] = parts[2].split(',').map(Number);
    if (![x, y, w, hh].every(Number.isFinite)) return null;
    return { name: parts[0], kind: parts[1] === 'mask' ? 'mask' : 'detect', x, y, w, h: hh };
  }).filter(Boolean);
}

/** [{name, kind, x, y, w, h}] → the setting's text (fractions to 4 places, kept inside the picture). */
export function formatZones(zones) {
  const f = (n) => String(Math.round(n * 10000) / 10000);
  return zones.map((z) => {
    const x = clamp(z.x);
    const y = clamp(z.y);
    const w = Math.min(clamp(z.w), 1 - x);
    const hh = Math.min(clamp(z.h), 1 - y);
    return `${z.name}:${z.kind}:${f(x)},${f(y)},${f(w)},${f(hh)}`;
  }).join(';');
}

/** Why the zones cannot be saved, or null. */
export function zonesProblem(zones) {
  if (zones.length > MAX_ZONES) return `At most ${MAX_ZONES} zones.`;
  const names = new Set();
  for (const z of zones) {
    if (!NAME.test(z.name)) return `“${z.name}”: a zone name has 1 to 32 letters, digits, spaces, _ or -.`;
    if (names.has(z.name)) return `Two zones are called “${z.name}”: give each its own name.`;
    names.add(z.name);
  }
  return null;
}

function clamp(n) {
  return Math.min(1, Math.max(0, n));
}

export class ZoneEditor {
  constructor(serial, { onChange = () => {} } = {}) {
    this.serial = serial;
    this.onChange = onChange;
    this.zones = [];
    this.picture = h('img.zone-picture', { alt: '', draggable: false });
    this.pictureNote = h('p.zone-note', {}, 'Loading the camera’s picture…');
    this.rects = h('div.zone-rects');
    this.canvas = h('div.zone-canvas#zone-canvas', {
      'aria-label': 'The camera’s picture: drag to draw a zone',
    }, this.picture, this.pictureNote, this.rects);
    this.list = h('ul.zone-list#zone-list', { 'aria-label': 'Zones' });
    this.element = h('div.zone-editor', {},
      h('p.hint', {}, 'Drag over the picture to add a zone. Detect: only motion inside counts. Mask: motion inside is ignored. No zones: the whole picture.'),
      this.canvas, this.list);
    this.bindPointer();
    this.loadPicture();
  }

  /** The camera's latest picture; none yet (a camera just connected): asked again a few times. */
  async loadPicture(attempt = 0) {
    const next = h('img.zone-picture', { alt: '', draggable: false });
    next.src = api.snapshotUrl(this.serial, Date.now());
    try {
      await next.decode();
      this.picture.replaceWith(next);
      this.picture = next;
      this.pictureNote.hidden = true;
      this.canvas.dataset.picture = 'true';
    } catch {
      this.pictureNote.textContent = 'No picture from the camera yet: zones can still be drawn on this frame.';
      this.picture.hidden = true;
      if (attempt < 10) setTimeout(() => this.element.isConnected && this.loadPicture(attempt + 1), 3000);
    }
  }

  setValue(value) {
    this.zones = parseZones(value);
    this.render();
  }

  value() {
    return formatZones(this.zones);
  }

  problem() {
    return zonesProblem(this.zones);
  }

  bindPointer() {
    const canvas = this.canvas;
    canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.target.closest('.zone-rect')) return;
      e.preventDefault();
      canvas.setPointerCapture(e.pointerId);
      const p = this.at(e);
      this.drag = { x0: p.x, y0: p.y, el: h('div.zone-rect.drawing') };
      this.rects.append(this.drag.el);
      this.place(this.drag.el, { x: p.x, y: p.y, w: 0, h: 0 });
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.place(this.drag.el, this.dragRect(e));
    });
    const end = (e, cancelled) => {
      if (!this.drag) return;
      const r = this.dragRect(e);
      this.drag.el.remove();
      this.drag = null;
      if (cancelled || r.w < MIN_SIZE || r.h < MIN_SIZE) return;
      if (this.zones.length >= MAX_ZONES) {
        this.onChange(`At most ${MAX_ZONES} zones.`);
        return;
      }
      this.zones.push({ name: this.freeName(), kind: 'detect', ...r });
      this.render();
      this.list.lastElementChild?.querySelector('input')?.select();
      this.onChange(null);
    };
    canvas.addEventListener('pointerup', (e) => end(e, false));
    canvas.addEventListener('pointercancel', (e) => end(e, true));
  }

  /** The pointer as fractions of the picture. */
  at(e) {
    const box = this.canvas.getBoundingClientRect();
    return { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
  }

  dragRect(e) {
    const p = this.at(e);
    const { x0, y0 } = this.drag;
    return { x: Math.min(x0, p.x), y: Math.min(y0, p.y), w: Math.abs(p.x - x0), h: Math.abs(p.y - y0) };
  }

  place(el, r) {
    Object.assign(el.style, { left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%` });
  }

  freeName() {
    for (let i = this.zones.length + 1; ; i++) {
      const name = `Zone ${i}`;
      if (!this.zones.some((z) => z.name === name)) return name;
    }
  }

  render() {
    this.rects.replaceChildren(...this.zones.map((z) => {
      const el = h(`div.zone-rect.${z.kind}`, { dataset: { name: z.name, kind: z.kind } }, h('span.zone-label', {}, `${z.name} · ${z.kind}`));
      this.place(el, z);
      return el;
    }));
    this.list.replaceChildren(...(this.zones.length === 0
      ? [h('li.muted', {}, 'No zones: motion anywhere in the picture counts.')]
      : this.zones.map((z, i) => {
        const name = h('input.zone-name', { value: z.name, maxLength: 32, 'aria-label': `Name of zone ${i + 1}`,
          oninput: () => { z.name = name.value.trim(); this.renderRects(); this.onChange(null); } });
        const kind = h('select.zone-kind', { 'aria-label': `Kind of zone ${i + 1}`,
          onchange: () => { z.kind = kind.value; this.renderRects(); this.onChange(null); } },
        h('option', { value: 'detect', selected: z.kind === 'detect' }, 'Detect'),
        h('option', { value: 'mask', selected: z.kind === 'mask' }, 'Mask (ignore)'));
        return h(`li.zone.${z.kind}`, { dataset: { index: String(i) } }, name, kind,
          h('button.ghost.small', { type: 'button', 'aria-label': `Delete zone ${z.name}`, onclick: () => {
            this.zones.splice(i, 1);
            this.render();
            this.onChange(null);
          } }, 'Delete'));
      })));
  }

  /** The rectangles only (a name typed must not rebuild the input being typed in). */
  renderRects() {
    [...this.rects.children].forEach((el, i) => {
      const z = this.zones[i];
      el.className = `zone-rect ${z.kind}`;
      el.dataset.name = z.name;
      el.dataset.kind = z.kind;
      el.firstChild.textContent = `${z.name} · ${z.kind}`;
    });
  }
}
