// Recorded video: our own Media Source Extensions player over the archive's HLS playlist and its
// fMP4 segment files (no third-party code). Each segment file (init + fragments) is appended whole,
// placed on a wall-clock media timeline (media time 0 = the origin, e.g. the start of the day) with
// timestampOffset from its tfdt, so seeking is exact and gaps are real holes that the player jumps
// over (and says so: onGap). Memory stays bounded: video far behind the playhead is removed.
// Play works from the start: it plays from the cued moment (cue) when nothing has played yet.

import { h, icon } from './dom.js';
import { baseDecodeTime, mimeType, timescale } from './mp4.js';
import { timeOfDay } from './time-format.js';

const PREFETCH_MS = 8000; // load the next file when this close to the end of the current one
const KEEP_BEHIND_S = 30;
const CACHE_FILES = 6;
const GAP_MS = 500; // a longer hole between two files is a gap worth telling (the timeline's tolerance)
const NOTICE_MS = 10000; // how long a gap message stays over the picture

/** The archive playlist as segment files: [{url, start, end (epoch ms), discontinuity}]. */
export function parsePlaylist(text, base) {
  const files = [];
  let pdt = null;
  let duration = 0;
  let discontinuity = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      pdt = Date.parse(line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
    } else if (line.startsWith('#EXTINF:')) {
      duration = parseFloat(line.slice('#EXTINF:'.length));
    } else if (line === '#EXT-X-DISCONTINUITY') {
      discontinuity = true;
    } else if (line && !line.startsWith('#')) {
      const url = new URL(line, base).href;
      const last = files[files.length - 1];
      const start = pdt ?? (last ? last.end : 0);
      if (last && last.url === url) {
        last.end = start + duration * 1000;
      } else {
        files.push({ url, start, end: start + duration * 1000, discontinuity });
      }
      pdt = null;
      discontinuity = false;
    }
  }
  return files;
}

export class ArchivePlayer {
  /**
   * @param onTime called with the playhead (epoch ms) as it moves
   * @param onGap  called with (from, to) (epoch ms) when playback jumps over a hole in the recordings;
   *               returns the message to show, or nothing
   */
  constructor({ onTime, onGap, label = 'Recorded video' }) {
    this.onTime = onTime;
    this.onGap = onGap;
    this.cued = null;
    this.files = [];
    this.cache = new Map();
    this.loaded = new Set();
    this.generation = 0;
    this.chain = Promise.resolve();
    this.video = h('video', { muted: true, playsInline: true, 'aria-label': label, disablePictureInPicture: true });
    this.video.muted = true;
    this.overlay = h('div.overlay', { role: 'status', 'aria-live': 'polite' }, h('span.spinner', { 'aria-hidden': 'true' }), h('span.text', {}, 'Choose a moment on the timeline.'));
    this.timeLabel = h('span.time', { 'aria-live': 'off' });
    this.notice = h('p.player-notice', { role: 'status', 'aria-live': 'polite', hidden: true });
    this.playButton = h('button.icon', { type: 'button', 'aria-label': 'Play', onclick: () => this.toggle() }, icon('play'));
    this.speed = h('select.speed', { 'aria-label': 'Playback speed', onchange: () => { this.video.playbackRate = Number(this.speed.value); } },
      ...[1, 2, 4, 8].map((r) => h('option', { value: String(r) }, `${r}×`)));
    this.element = h('div.player.archive', { dataset: { state: 'idle' } },
      this.video, this.overlay, this.notice,
      h('div.hud', {}, h('span.badge.rec-badge', {}, 'REC'), this.timeLabel),
      h('div.controls', {}, this.playButton, this.speed,
        h('button.icon', { type: 'button', 'aria-label': 'Full screen', title: 'Full screen', onclick: () => this.toggleFullscreen() }, icon('fullscreen'))));
    this.video.addEventListener('playing', () => this.setState('playing'));
    this.video.addEventListener('pause', () => this.syncButton());
    this.video.addEventListener('play', () => this.syncButton());
    this.video.addEventListener('emptied', () => this.syncButton()); // a new source pauses without a pause event
    this.video.addEventListener('waiting', () => this.tick());
    this.ticker = setInterval(() => this.tick(), 200);
  }

  /** The recordings between origin and `to` (epoch ms) from the playlist text. */
  setPlaylist(files, origin) {
    this.files = files;
    if (this.origin !== origin) {
      this.origin = origin;
      this.reset();
    }
  }

  /** The moment Play starts from while nothing plays yet (epoch ms); the overlay offers it. */
  cue(ms) {
    this.cued = ms;
    if (this.state === 'idle' || this.state === undefined) {
      this.setState('idle', `Press Play to watch from ${timeOfDay(ms)}, or choose a moment on the timeline.`);
    }
  }

  /** Some recording in the playlist ends after `ms`. */
  hasAfter(ms) {
    return this.files.some((f) => f.end > ms);
  }

  /** A message over the picture for a while (and to screen readers): a jump over a gap. */
  announce(text) {
    clearTimeout(this.noticeTimer);
    this.notice.textContent = text ?? '';
    this.notice.hidden = !text;
    if (text) this.noticeTimer = setTimeout(() => { this.notice.hidden = true; }, NOTICE_MS);
  }

  destroy() {
    clearInterval(this.ticker);
    clearTimeout(this.noticeTimer);
    this.generation++;
    this.video.removeAttribute('src');
    this.video.load();
  }

  reset() {
    this.generation++;
    this.cued = null;
    this.announce(null);
    this.loaded.clear();
    this.chain = Promise.resolve();
    this.sourceBuffer = null;
    const ms = new MediaSource();
    this.mediaSource = ms;
    this.opened = new Promise((resolve) => ms.addEventListener('sourceopen', resolve, { once: true }));
    const url = URL.createObjectURL(ms);
    this.video.src = url;
    this.opened.then(() => URL.revokeObjectURL(url));
  }

  mediaTime(ms) {
    return (ms - this.origin) / 1000;
  }

  /** Plays from `ms` (epoch): the recording at that moment, or the next one after it. */
  async playFrom(ms) {
    const i = this.files.findIndex((f) => f.end > ms);
    if (i < 0) {
      this.setState('idle', 'Nothing recorded after this moment.');
      return false;
    }
    const target = Math.max(ms, this.files[i].start);
    this.cued = target;
    this.announce(target - ms > GAP_MS ? this.onGap?.(ms, target) : null);
    this.setState('loading', `Loading ${timeOfDay(target)}…`);
    const generation = ++this.generation;
    try {
      if (!this.loaded.has(this.files[i].url)) {
        this.chain = Promise.resolve();
        await this.clear();
        if (generation !== this.generation) return false;
        await this.load(i, generation);
      }
      if (generation !== this.generation) return false;
      this.video.currentTime = this.mediaTime(target) + 0.001;
      this.lastReported = target;
      await this.video.play().catch(() => {});
      if (generation !== this.generation) return false;
      // A browser that refuses to start playing by itself still shows the picture, paused.
      this.setState(this.video.paused ? 'paused' : 'playing');
      return true;
    } catch (e) {
      if (generation === this.generation) this.setState('error', `This recording cannot play: ${e.message}`);
      return false;
    }
  }

  /** Fetches and appends file i (in order, after what is queued). */
  load(i, generation = this.generation) {
    const file = this.files[i];
    const fetched = this.fetchFile(file);
    this.loading = file.url;
    this.chain = this.chain.then(async () => {
      const bytes = await fetched;
      if (generation !== this.generation || this.loaded.has(file.url)) return;
      await this.opened;
      const mime = mimeType(bytes);
      if (!mime || !MediaSource.isTypeSupported(mime)) throw new Error('video format not supported by this browser');
      if (!this.sourceBuffer) {
        this.sourceBuffer = this.mediaSource.addSourceBuffer(mime);
        this.mime = mime;
        this.mediaSource.duration = Math.max(this.mediaTime(this.files[this.files.length - 1].end) + 60, 1);
      } else if (mime !== this.mime && this.sourceBuffer.changeType) {
        this.sourceBuffer.changeType(mime);
        this.mime = mime;
      }
      const ticks = timescale(bytes) ?? 90000;
      const dts = baseDecodeTime(bytes) ?? 0;
      this.sourceBuffer.timestampOffset = this.mediaTime(file.start) - dts / ticks;
      await this.op((sb) => sb.appendBuffer(bytes));
      this.loaded.add(file.url);
    }).finally(() => {
      if (this.loading === file.url) this.loading = null;
    });
    return this.chain;
  }

  async fetchFile(file) {
    if (!this.cache.has(file.url)) {
      const promise = fetch(file.url, { credentials: 'same-origin' }).then(async (r) => {
        if (!r.ok) throw new Error(`segment ${r.status}`);
        return new Uint8Array(await r.arrayBuffer());
      });
      promise.catch(() => this.cache.delete(file.url));
      this.cache.set(file.url, promise);
      if (this.cache.size > CACHE_FILES) this.cache.delete(this.cache.keys().next().value);
    }
    return this.cache.get(file.url);
  }

  /** Runs one SourceBuffer operation and waits for its updateend. */
  op(action) {
    const sb = this.sourceBuffer;
    return new Promise((resolve, reject) => {
      const done = () => {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        resolve();
      };
      const failed = () => {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        reject(new Error('the browser refused the video data'));
      };
      sb.addEventListener('updateend', done);
      sb.addEventListener('error', failed);
      try {
        action(sb);
      } catch (e) {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
        reject(e);
      }
    });
  }

  async clear() {
    this.loaded.clear();
    const sb = this.sourceBuffer;
    if (!sb) return;
    if (sb.updating) await new Promise((r) => sb.addEventListener('updateend', r, { once: true }));
    if (sb.buffered.length) await this.op((s) => s.remove(0, Infinity));
  }

  tick() {
    if (this.origin === undefined || !this.files.length || this.state === 'loading') return;
    const video = this.video;
    const ms = this.origin + video.currentTime * 1000;
    if (this.state === 'playing' || this.state === 'paused' || this.state === 'ended') {
      this.timeLabel.textContent = timeOfDay(ms);
      this.element.dataset.position = String(Math.round(ms));
      if (Math.abs(ms - (this.lastReported ?? 0)) > 150) {
        this.lastReported = ms;
        this.onTime?.(ms);
      }
    }
    const t = video.currentTime;
    // Where the buffered video around the playhead ends: playback stalls there.
    let bufferedEnd = null;
    const buffered = this.sourceBuffer?.buffered;
    for (let k = 0; buffered && k < buffered.length; k++) {
      if (buffered.start(k) <= t + 0.05 && t <= buffered.end(k) + 0.05) bufferedEnd = buffered.end(k);
    }
    const next = this.files.findIndex((f) => this.mediaTime(f.start) > t + 0.02); // the next recording to start
    const current = next < 0 ? this.files.length - 1 : next - 1;
    // Prefetch the next recording while the current one plays.
    if (next >= 0 && current >= 0 && this.files[current].end - ms < PREFETCH_MS) this.ensure(next);
    if (bufferedEnd !== null && bufferedEnd - t > 0.3) {
      this.trim();
      return;
    }
    // At the end of what is buffered: jump the gap to the next recording, or say it is the end.
    if (video.paused && this.state !== 'playing') return;
    if (next < 0) {
      if (this.state === 'playing' && ms >= this.files[this.files.length - 1].end - 300) {
        this.setState('ended', 'End of the recordings. Choose another moment.');
      }
      return;
    }
    if (this.loaded.has(this.files[next].url)) {
      const from = current >= 0 ? Math.min(this.files[current].end, ms) : ms;
      const to = this.files[next].start;
      video.currentTime = this.mediaTime(to) + 0.001;
      if (to - from > GAP_MS) this.announce(this.onGap?.(from, to));
    } else {
      this.ensure(next);
    }
    this.trim();
  }

  /** Loads file i unless it is loaded or loading. */
  ensure(i) {
    const url = this.files[i].url;
    if (!this.loaded.has(url) && this.loading !== url) this.load(i).catch(() => {});
  }

  trim() {
    const sb = this.sourceBuffer;
    if (!sb || sb.updating || !sb.buffered.length || this.loading !== null && this.loading !== undefined) return;
    const cut = this.video.currentTime - KEEP_BEHIND_S;
    if (sb.buffered.start(0) < cut - KEEP_BEHIND_S) {
      try {
        sb.remove(0, cut);
      } catch {
        return;
      }
      const cutMs = this.origin + cut * 1000;
      for (const f of this.files) if (f.end < cutMs) this.loaded.delete(f.url);
    }
  }

  toggle() {
    if (this.state === 'loading') return;
    if (!this.video.paused) {
      this.video.pause();
      this.setState('paused');
    } else if (this.state === 'paused' && !this.atEnd()) {
      this.video.play().catch(() => {});
    } else {
      // Nothing played yet, or nothing more to play: from the cued moment, else the first recording.
      const from = this.cued ?? this.files[0]?.start;
      if (from !== undefined) this.playFrom(from);
    }
  }

  /** The playhead is at the end of the last recording. */
  atEnd() {
    const last = this.files[this.files.length - 1];
    return !last || this.origin + this.video.currentTime * 1000 >= last.end - 300;
  }

  syncButton() {
    const paused = this.video.paused;
    this.playButton.replaceChildren(icon(paused ? 'play' : 'pause'));
    this.playButton.setAttribute('aria-label', paused ? 'Play' : 'Pause');
  }

  setState(state, text) {
    this.state = state;
    this.element.dataset.state = state;
    this.overlay.hidden = state === 'playing' || state === 'paused';
    this.overlay.classList.toggle('busy', state === 'loading');
    if (text) this.overlay.querySelector('.text').textContent = text;
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else this.element.requestFullscreen?.().catch(() => {});
  }
}
