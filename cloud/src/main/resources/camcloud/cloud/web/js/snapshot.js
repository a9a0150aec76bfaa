// A camera's latest picture (GET /api/cameras/{serial}/snapshot.jpg) instead of a live stream: what
// a grid of many cameras shows. Refreshed every few seconds while the card is on the screen and the
// tab is visible; each refresh is a new URL (the server caches its picture a few seconds, the browser
// must not keep an old one) loaded off-screen and swapped in when decoded, so the picture never
// flickers or goes blank. When there is no picture (404: no keyframe yet) the placeholder says so.

import { api } from './api.js';
import { h } from './dom.js';

const REFRESH_MS = 4000;
const OFFLINE_REFRESH_MS = 30000; // an offline camera's picture does not change: ask rarely

export class Snapshot {
  constructor(serial, { label }) {
    this.serial = serial;
    this.label = label;
    this.visible = false;
    this.online = true;
    this.img = null;
    this.placeholder = h('div.placeholder', {}, h('span', { 'aria-hidden': 'true' }, '📷'), h('span.text', {}, 'Waiting for a picture'));
    this.element = h('div.snapshot', { dataset: { state: 'waiting' } }, this.placeholder);
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      this.schedule(0);
    });
    this.onVisibility = () => this.schedule(0);
  }

  start() {
    this.stopped = false;
    this.observer.observe(this.element);
    document.addEventListener('visibilitychange', this.onVisibility);
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.observer.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** An offline camera's card asks for a picture rarely (its last one stays). */
  setOnline(online) {
    if (online === this.online) return;
    this.online = online;
    if (online) this.schedule(0);
  }

  /** Loads a picture after `ms` when on screen (again and again), else waits to be seen. */
  schedule(ms) {
    clearTimeout(this.timer);
    if (this.stopped || !this.visible || document.visibilityState !== 'visible') return;
    this.timer = setTimeout(() => this.load(), ms);
  }

  async load() {
    if (this.loading) return;
    this.loading = true;
    const next = h('img.snapshot-img', { alt: this.label, decoding: 'async', draggable: false });
    next.src = api.snapshotUrl(this.serial, Date.now());
    try {
      await next.decode();
      if (this.stopped) return;
      if (this.img) this.img.replaceWith(next);
      else this.placeholder.replaceWith(next);
      this.img = next;
      this.element.dataset.state = 'picture';
      this.element.dataset.loadedAt = String(Date.now());
    } catch {
      // no picture yet (404) or it did not decode: keep the last one, or say there is none
      if (!this.img) this.element.dataset.state = 'none';
    } finally {
      this.loading = false;
      this.schedule(this.online ? REFRESH_MS : OFFLINE_REFRESH_MS);
    }
  }
}
