// A day timeline: recorded ranges and gaps drawn distinctly on a bar, a playhead, an optional export
// selection. Click or drag to seek; keyboard: arrows step (Shift: bigger steps), PageUp/PageDown jump
// to the previous/next recording, Home/End, + and - zoom. Zoom levels let a phone scrub seconds.
// A day opens zoomed on its latest recording (frame), so minutes of video are not a sliver of 24 h;
// the "24 h" level shows the whole day.
// Above the bar, the day's events as markers coloured by type (buttons: a click or Enter plays it).
// A camera recording events only has event clips (drawn apart from continuous video) and "no event"
// stretches between them (gap reason `idle`: drawn as nothing happening, not as a fault).

import { h } from './dom.js';
import { timeOfDay } from './time-format.js';
import { eventTitle, kindClass } from './event-kinds.js';

const ZOOMS = [
  { label: '24 h', ms: 24 * 3600e3, tick: 3 * 3600e3 },
  { label: '6 h', ms: 6 * 3600e3, tick: 3600e3 },
  { label: '1 h', ms: 3600e3, tick: 10 * 60e3 },
  { label: '10 min', ms: 10 * 60e3, tick: 60e3 },
  { label: '1 min', ms: 60e3, tick: 10e3 },
];
const FRAME_END = 0.85; // where frame() puts the end of the recording in the view (today's future is empty)

export class Timeline {
  constructor({ onSeek, onEvent = () => {} }) {
    this.onSeek = onSeek;
    this.onEvent = onEvent;
    this.ranges = [];
    this.gaps = [];
    this.events = [];
    this.zoom = 0;
    this.cursor = null;
    this.selection = null;
    this.zoomButtons = ZOOMS.map((z, i) => h('button.chip', {
      type: 'button', 'aria-pressed': String(i === 0), dataset: { zoom: String(i) },
      onclick: () => this.setZoom(i),
    }, z.label));
    this.ticks = h('div.ticks', { 'aria-hidden': 'true' });
    this.layer = h('div.layer', { 'aria-hidden': 'true' });
    this.selectionEl = h('div.selection', { hidden: true });
    this.cursorEl = h('div.cursor', { hidden: true });
    this.hoverEl = h('div.hover-time', { hidden: true });
    this.track = h('div.track', {
      role: 'slider', tabIndex: 0, 'aria-label': 'Time of day to play from',
      'aria-valuemin': '0', 'aria-valuemax': '86400', 'aria-valuenow': '0',
    }, this.ticks, this.layer, this.selectionEl, this.cursorEl, this.hoverEl);
    this.markers = h('div.event-strip', { role: 'group', 'aria-label': 'Events on this day' });
    // The keys of what the day has only (an events-only camera's clips, the event types present).
    this.keys = {
      clip: h('span.key.clip', { hidden: true }, 'Event clip'),
      idle: h('span.key.idle', { hidden: true }, 'No event'),
      motion: h('span.key.mark.kind-motion', { hidden: true }, 'Motion'),
      sound: h('span.key.mark.kind-sound', { hidden: true }, 'Sound'),
      day_night: h('span.key.mark.kind-day_night', { hidden: true }, 'Day/night'),
    };
    this.element = h('div.timeline', {},
      h('div.timeline-bar', {},
        h('div.zoom', { role: 'group', 'aria-label': 'Zoom' }, h('span.muted', {}, 'Zoom'), ...this.zoomButtons),
        h('div.legend', { 'aria-hidden': 'true' }, h('span.key.rec', {}, 'Recorded'), this.keys.clip,
          h('span.key.gap', {}, 'Gap'), this.keys.idle, h('span.key.none', {}, 'Nothing recorded'),
          this.keys.motion, this.keys.sound, this.keys.day_night)),
      this.markers,
      this.track);
    this.bindPointer();
    this.bindKeys();
    this.resizeObserver = new ResizeObserver(() => this.render());
    this.resizeObserver.observe(this.track);
  }

  destroy() {
    this.resizeObserver.disconnect();
    clearTimeout(this.keySeekTimer);
  }

  setDay(from, to) {
    this.dayFrom = from;
    this.dayTo = to;
    this.viewFrom = from;
    this.viewTo = to;
    this.setZoom(this.zoom, true);
  }

  /** ranges and gaps: [{from, to}] in epoch ms (gaps also carry reason). */
  setData(ranges, gaps) {
    this.ranges = ranges;
    this.gaps = gaps;
    this.render();
  }

  /** The day's events (parseEvent: startMs, endMs) as markers. */
  setEvents(events) {
    this.events = events;
    this.renderEvents();
  }

  setCursor(ms, follow = true) {
    if (this.dragging) return;
    this.cursor = ms;
    if (follow && ms !== null && (ms < this.viewFrom || ms > this.viewTo)) {
      this.center(ms);
      this.render();
    } else {
      this.renderCursor(); // the playhead moves five times a second: the bars and ticks stay as they are
    }
  }

  setSelection(range) {
    this.selection = range;
    this.render();
  }

  setZoom(index, quiet = false) {
    this.zoom = index;
    this.zoomButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === index)));
    this.center(this.cursor ?? this.lastRecorded() ?? this.dayFrom + (this.dayTo - this.dayFrom) / 2);
    this.render();
    if (!quiet) this.track.focus();
  }

  /**
   * Zooms to the closest level that shows [from, to] whole, with its end near the right edge: where a
   * day opens, on its latest recording (a few seconds of video fill a 1 min view, not 1/6000 of a day).
   */
  frame(from, to) {
    let level = 0;
    for (let i = 0; i < ZOOMS.length; i++) {
      if (ZOOMS[i].ms * (FRAME_END - 0.05) >= to - from) level = i;
    }
    this.zoom = level;
    this.zoomButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === level)));
    const span = Math.min(ZOOMS[level].ms, this.dayTo - this.dayFrom);
    const start = Math.max(this.dayFrom, Math.min(to - span * FRAME_END, this.dayTo - span));
    this.viewFrom = start;
    this.viewTo = start + span;
    this.render();
  }

  lastRecorded() {
    return this.ranges.length ? this.ranges[this.ranges.length - 1].to : null;
  }

  center(ms) {
    const span = Math.min(ZOOMS[this.zoom].ms, this.dayTo - this.dayFrom);
    let from = ms - span / 2;
    from = Math.max(this.dayFrom, Math.min(from, this.dayTo - span));
    this.viewFrom = from;
    this.viewTo = from + span;
  }

  x(ms) {
    return ((ms - this.viewFrom) / (this.viewTo - this.viewFrom)) * 100;
  }

  timeAt(clientX) {
    const rect = this.track.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return Math.round(this.viewFrom + f * (this.viewTo - this.viewFrom));
  }

  render() {
    if (this.dayFrom === undefined) return;
    const bar = (cls, from, to, title) => {
      const a = Math.max(this.viewFrom, from);
      const b = Math.min(this.viewTo, to);
      if (b <= a) return null;
      return h(`div.${cls}`, { title, style: { left: `${this.x(a)}%`, width: `${this.x(b) - this.x(a)}%` } });
    };
    this.layer.replaceChildren(
      ...this.gaps.map((g) => (g.reason === 'idle'
        ? bar('idle', g.from, g.to, `No event ${timeOfDay(g.from)} to ${timeOfDay(g.to)}`)
        : bar('gap', g.from, g.to, `Gap ${timeOfDay(g.from)} to ${timeOfDay(g.to)}: ${g.reason}`))).filter(Boolean),
      ...this.ranges.map((r) => (r.kind === 'event'
        ? bar('rec.event-clip', r.from, r.to, `Event clip ${timeOfDay(r.from)} to ${timeOfDay(r.to)}`)
        : bar('rec', r.from, r.to, `Recorded ${timeOfDay(r.from)} to ${timeOfDay(r.to)}`))).filter(Boolean));
    this.renderEvents();
    const tick = ZOOMS[this.zoom].tick;
    const seconds = tick < 60e3;
    // Label every n-th tick so that labels never overlap, whatever the locale's length of a time.
    const labelPx = timeOfDay(this.viewFrom, { seconds }).length * 7 + 16;
    const tickPx = (this.track.clientWidth || 1000) * (tick / (this.viewTo - this.viewFrom));
    const every = Math.max(1, Math.ceil(labelPx / tickPx));
    const labels = [];
    // Ticks count from the day's local midnight: whole local hours in zones such as +05:30 too.
    for (let t = this.dayFrom + Math.ceil((this.viewFrom - this.dayFrom) / tick) * tick; t <= this.viewTo; t += tick) {
      if (Math.round((t - this.dayFrom) / tick) % every !== 0) continue;
      labels.push(h('span.tick', { style: { left: `${this.x(t)}%` } }, timeOfDay(t, { seconds })));
    }
    this.ticks.replaceChildren(...labels);
    const sel = this.selection;
    this.selectionEl.hidden = !sel || sel.to < this.viewFrom || sel.from > this.viewTo;
    if (!this.selectionEl.hidden) {
      const a = Math.max(this.viewFrom, sel.from);
      const b = Math.min(this.viewTo, sel.to);
      this.selectionEl.style.left = `${this.x(a)}%`;
      this.selectionEl.style.width = `${Math.max(0.2, this.x(b) - this.x(a))}%`;
    }
    this.renderCursor();
  }

  renderEvents() {
    if (this.dayFrom === undefined) return;
    this.keys.clip.hidden = !this.ranges.some((r) => r.kind === 'event');
    this.keys.idle.hidden = !this.gaps.some((g) => g.reason === 'idle');
    for (const type of ['motion', 'sound', 'day_night']) this.keys[type].hidden = !this.events.some((e) => e.type === type);
    const inView = this.events.filter((e) => e.startMs >= this.viewFrom && e.startMs <= this.viewTo);
    this.markers.replaceChildren(...inView.map((e) => {
      const end = e.endMs ?? e.startMs;
      const width = Math.max(0, this.x(Math.min(end, this.viewTo)) - this.x(e.startMs));
      const label = `${eventTitle(e)} at ${timeOfDay(e.startMs)}: play`;
      return h(`button.event-marker.${kindClass(e.type)}`, {
        type: 'button', title: label, 'aria-label': label,
        dataset: { id: e.id, type: e.type, start: String(e.startMs) },
        style: { left: `${this.x(e.startMs)}%`, width: `max(8px, ${width}%)` },
        onclick: () => this.onEvent(e),
      });
    }));
  }

  renderCursor() {
    if (this.dayFrom === undefined) return;
    const showCursor = this.cursor !== null && this.cursor >= this.viewFrom && this.cursor <= this.viewTo;
    this.cursorEl.hidden = !showCursor;
    if (showCursor) this.cursorEl.style.left = `${this.x(this.cursor)}%`;
    const value = this.cursor ?? this.viewFrom;
    this.track.setAttribute('aria-valuenow', String(Math.round((value - this.dayFrom) / 1000)));
    this.track.setAttribute('aria-valuetext', `${timeOfDay(value)}${this.isRecorded(value) ? ', recorded' : ', nothing recorded'}`);
  }

  isRecorded(ms) {
    return this.ranges.some((r) => ms >= r.from && ms < r.to);
  }

  bindPointer() {
    const track = this.track;
    track.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      track.setPointerCapture(e.pointerId);
      this.dragging = true;
      this.dragTo(e.clientX);
      e.preventDefault();
      track.focus();
    });
    track.addEventListener('pointermove', (e) => {
      const t = this.timeAt(e.clientX);
      this.hoverEl.hidden = false;
      this.hoverEl.textContent = timeOfDay(t);
      this.hoverEl.style.left = `${this.x(t)}%`;
      if (this.dragging) this.dragTo(e.clientX);
    });
    track.addEventListener('pointerleave', () => {
      this.hoverEl.hidden = true;
    });
    const end = (e) => {
      if (!this.dragging) return;
      this.dragging = false;
      const t = this.timeAt(e.clientX);
      this.cursor = t;
      this.renderCursor();
      this.onSeek(t);
    };
    track.addEventListener('pointerup', end);
    track.addEventListener('pointercancel', () => {
      this.dragging = false;
    });
  }

  dragTo(clientX) {
    this.cursor = this.timeAt(clientX);
    this.hoverEl.hidden = false;
    this.hoverEl.textContent = timeOfDay(this.cursor);
    this.hoverEl.style.left = `${this.x(this.cursor)}%`;
    this.renderCursor();
  }

  bindKeys() {
    this.track.addEventListener('keydown', (e) => {
      const span = this.viewTo - this.viewFrom;
      const step = (span / 48) * (e.shiftKey ? 6 : 1);
      const now = this.cursor ?? this.lastRecorded() ?? this.viewFrom;
      let t = null;
      switch (e.key) {
        case 'ArrowLeft': case 'ArrowDown': t = now - step; break;
        case 'ArrowRight': case 'ArrowUp': t = now + step; break;
        case 'Home': t = this.dayFrom; break;
        case 'End': t = this.dayTo - 1000; break;
        case 'PageUp': t = [...this.ranges].reverse().find((r) => r.from < now - 1000)?.from ?? null; break;
        case 'PageDown': t = this.ranges.find((r) => r.from > now + 1000)?.from ?? null; break;
        case '+': case '=': this.setZoom(Math.min(ZOOMS.length - 1, this.zoom + 1)); e.preventDefault(); return;
        case '-': this.setZoom(Math.max(0, this.zoom - 1)); e.preventDefault(); return;
        case 'Enter': case ' ': t = now; break;
        default: return;
      }
      e.preventDefault();
      if (t === null) return;
      t = Math.max(this.dayFrom, Math.min(this.dayTo - 1, t));
      this.setCursor(t);
      clearTimeout(this.keySeekTimer);
      this.keySeekTimer = setTimeout(() => this.onSeek(t), 250); // one seek after a burst of key presses
    });
  }
}
