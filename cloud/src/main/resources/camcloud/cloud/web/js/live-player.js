// Live video: fMP4 fragments from the camera's WebSocket into a Media Source Extensions SourceBuffer.
//
// Protocol (see /api/openapi.yaml, GET /api/cameras/{serial}/live): text {"type":"codec","mime":…}
// then a binary init segment, then binary fragments (prft moof mdat, a keyframe first); text
// {"type":"offline"} when the camera drops, {"type":"dropped"} when we were too slow.
//
// The player never leaves a frozen picture without a message: it shows "camera offline",
// "reconnecting" or "waiting for video" over the picture, reconnects by itself with backoff and
// jitter, keeps the buffer short (bounded memory) and jumps to the live edge when it falls behind.
// When the server closes with 1008 the viewer's access ended: it says so and does not reconnect.

import { api } from './api.js';
import { h, icon } from './dom.js';
import { mimeType, producerReferenceTime, timescale } from './mp4.js';
import { delay } from './time-format.js';

const BEHIND_MAX_S = 1.0; // further than this from the newest frame: jump to the live edge
const EDGE_S = 0.15; // where we land when jumping
const KEEP_S = 8; // buffer kept behind the playhead
const STALL_MS = 1500; // no fragment for this long (a camera sends 10+ a second): say so
const RESTART_MS = 12000; // no fragment for this long while the camera is said to be online: reconnect
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;
const ACCESS_ENDED = 1008; // the server's close code when the viewer's access ended (signed out, camera released, share revoked)

export class LivePlayer {
  /**
   * @param serial the camera
   * @param options {mini: true for a grid thumbnail (no controls), label: accessible name}
   */
  constructor(serial, { mini = false, label = 'Live video' } = {}) {
    this.serial = serial;
    this.mini = mini;
    this.video = h('video', { muted: true, playsInline: true, autoplay: true, disablePictureInPicture: true, 'aria-label': label });
    this.video.muted = true;
    this.overlay = h('div.overlay', { role: 'status', 'aria-live': 'polite' }, h('span.spinner', { 'aria-hidden': 'true' }), h('span.text', {}, 'Connecting…'));
    this.badge = h('span.badge.live-badge', { 'aria-live': 'off' }, 'LIVE');
    this.latency = h('span.latency', { title: 'Delay from the camera capturing a frame to it showing here' });
    const children = [this.video, this.overlay, h('div.hud', {}, this.badge, mini ? null : this.latency)];
    if (!mini) {
      this.fullscreenButton = h('button.icon.fullscreen', { type: 'button', 'aria-label': 'Full screen', title: 'Full screen (f)', onclick: () => this.toggleFullscreen() }, icon('fullscreen'));
      this.liveButton = h('button.chip.go-live', { type: 'button', hidden: true, onclick: () => this.jumpToLive() }, 'Go live');
      children.push(h('div.controls', {}, this.liveButton, this.fullscreenButton));
    }
    this.video.addEventListener('timeupdate', () => this.state !== 'playing' && this.check()); // no 500 ms wait to say "playing"
    this.element = h(`div.player.live${mini ? '.mini' : ''}`, { dataset: { state: 'connecting' } }, ...children);
    this.state = 'connecting';
    this.attempt = 0;
    this.queue = [];
    this.times = []; // {media: seconds, capture: epoch ms}, newest last
    this.ticksPerSecond = 90000;
    this.lastDataAt = 0;
    this.lastProgress = { at: 0, time: -1 };
    this.dropped = 0;
    this.onKey = (e) => {
      if (e.key === 'f' && !e.ctrlKey && !e.metaKey && !e.altKey && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement?.tagName)) {
        this.toggleFullscreen();
      }
    };
  }

  start() {
    this.stopped = false;
    this.startedAt = performance.now();
    this.connect();
    this.watchdog = setInterval(() => this.check(), 500);
    this.onOnline = () => this.state === 'reconnecting' && this.reconnectNow();
    window.addEventListener('online', this.onOnline);
    if (!this.mini) document.addEventListener('keydown', this.onKey);
    return this;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('keydown', this.onKey);
    this.closeSocket();
    this.closeMedia();
  }

  connect() {
    if (this.stopped) return;
    this.closeSocket();
    if (this.state !== 'offline') this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(api.liveUrl(this.serial));
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => (typeof e.data === 'string' ? this.onText(e.data) : this.onBinary(new Uint8Array(e.data)));
    ws.onclose = (e) => {
      if (this.ws !== ws || this.stopped) return;
      if (e.code === ACCESS_ENDED) this.accessEnded(e.reason);
      else this.scheduleReconnect();
    };
    this.ws = ws;
    this.lastDataAt = performance.now();
    this.lastProgress = { at: performance.now(), time: this.video.currentTime };
  }

  closeSocket() {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING) {
        // Closing a socket that is still connecting makes Chromium log an error: close it once open.
        ws.onopen = () => ws.close();
        return;
      }
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  scheduleReconnect() {
    this.closeSocket();
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.5 + Math.random() * 0.5));
    this.attempt += 1;
    this.setState('reconnecting', `Connection lost. Reconnecting in ${Math.max(1, Math.round(delay / 1000))} s…`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** The server ended the stream because the right to watch ended: say why, do not reconnect. */
  accessEnded(reason) {
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    this.closeSocket();
    this.setState('ended', reason === 'signed out'
      ? 'You were signed out. Sign in again to watch.'
      : 'Live video ended: you no longer have access to this camera.');
    this.element.dispatchEvent(new CustomEvent('accessended', { detail: reason, bubbles: true }));
  }

  reconnectNow() {
    clearTimeout(this.retryTimer);
    this.connect();
  }

  onText(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'codec') {
      this.openMedia(message.mime);
    } else if (message.type === 'offline') {
      this.offlineAt = performance.now();
      this.setState('offline');
    } else if (message.type === 'dropped') {
      this.dropped += message.fragments ?? 0;
    }
  }

  onBinary(bytes) {
    if (!this.mediaSource) return; // before any codec message: nothing to decode it with
    const isInit = bytes.length >= 8 && bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70; // ftyp
    if (isInit) {
      this.ticksPerSecond = timescale(bytes) ?? this.ticksPerSecond;
      this.mime = this.mime ?? mimeType(bytes);
    } else {
      const prft = producerReferenceTime(bytes);
      if (prft) {
        this.times.push({ media: prft.mediaTime / this.ticksPerSecond, capture: prft.captureMs });
        if (this.times.length > 400) this.times.splice(0, 200);
      }
      this.lastDataAt = performance.now();
      this.attempt = 0;
    }
    this.queue.push(bytes);
    if (this.queue.length > 300) this.restart(); // the decoder is not keeping up at all
    this.pump();
  }

  openMedia(mime) {
    this.closeMedia();
    this.mime = mime;
    this.queue = [];
    this.times = [];
    this.lastProgress = { at: performance.now(), time: -1 };
    if (!window.MediaSource || !MediaSource.isTypeSupported(mime)) {
      this.setState('error', 'This browser cannot play this camera’s video format.');
      return;
    }
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    const url = URL.createObjectURL(mediaSource);
    mediaSource.addEventListener('sourceopen', () => {
      URL.revokeObjectURL(url);
      if (this.mediaSource !== mediaSource) return;
      try {
        this.sourceBuffer = mediaSource.addSourceBuffer(mime);
      } catch {
        this.setState('error', 'This browser cannot play this camera’s video format.');
        return;
      }
      this.sourceBuffer.addEventListener('updateend', () => this.afterAppend());
      this.pump();
    }, { once: true });
    this.video.src = url;
  }

  closeMedia() {
    this.sourceBuffer = null;
    this.mediaSource = null;
    this.queue = [];
    if (this.video.getAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  /** Starts over: new socket, new media source (the server sends codec and init again). */
  restart() {
    this.closeMedia();
    this.attempt = 0;
    this.connect();
  }

  pump() {
    const sb = this.sourceBuffer;
    if (!sb || sb.updating || this.queue.length === 0 || this.mediaSource?.readyState !== 'open') return;
    const chunk = this.queue.shift();
    try {
      sb.appendBuffer(chunk);
    } catch (e) {
      if (e.name === 'QuotaExceededError') {
        this.queue.unshift(chunk);
        this.trim(true);
      } else {
        this.restart();
      }
    }
  }

  afterAppend() {
    const sb = this.sourceBuffer;
    const video = this.video;
    if (!sb || sb.buffered.length === 0) {
      this.pump();
      return;
    }
    const start = sb.buffered.start(0);
    const end = sb.buffered.end(sb.buffered.length - 1);
    if (video.currentTime < start || end - video.currentTime > BEHIND_MAX_S) {
      video.currentTime = Math.max(start, end - EDGE_S);
    }
    if (video.paused && !this.userPaused) video.play().catch(() => {});
    if (!this.trim(false)) this.pump();
  }

  /** Removes video well behind the playhead; true when a removal started (updateend follows). */
  trim(hard) {
    const sb = this.sourceBuffer;
    if (!sb || sb.updating || sb.buffered.length === 0) return false;
    const keep = hard ? 1 : KEEP_S;
    const cut = this.video.currentTime - keep;
    if (sb.buffered.start(0) < cut - (hard ? 0 : KEEP_S)) {
      sb.remove(0, cut);
      return true;
    }
    return false;
  }

  jumpToLive() {
    const sb = this.sourceBuffer;
    if (sb && sb.buffered.length) this.video.currentTime = sb.buffered.end(sb.buffered.length - 1) - EDGE_S;
    this.userPaused = false;
    this.video.play().catch(() => {});
  }

  check() {
    if (this.stopped || this.state === 'ended') return;
    const now = performance.now();
    const video = this.video;
    const advancing = video.currentTime !== this.lastProgress.time;
    if (advancing) this.lastProgress = { at: now, time: video.currentTime };
    const fresh = now - this.lastDataAt < STALL_MS;
    // The server said the camera is offline: keep saying so until new video arrives.
    if (this.state === 'offline' && this.lastDataAt <= this.offlineAt) return;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      if (fresh && advancing && video.videoWidth > 0) {
        this.setState('playing');
      } else if (!fresh && this.state === 'playing') {
        this.setState('stalled');
      } else if (fresh && now - this.lastProgress.at > 4000 && this.state !== 'offline') {
        // data arrives but the picture does not move: the decoder lost its way
        this.restart();
        return;
      }
      if (!fresh && now - this.lastDataAt > RESTART_MS) this.restart();
    }
    if (this.state === 'playing') this.showLatency();
  }

  showLatency() {
    const t = this.video.currentTime;
    let entry = null;
    for (let i = this.times.length - 1; i >= 0; i--) {
      if (this.times[i].media <= t + 0.001) {
        entry = this.times[i];
        break;
      }
    }
    if (!entry) return;
    const ms = Math.max(0, Date.now() - (entry.capture + (t - entry.media) * 1000));
    this.latencyMs = ms;
    this.latency.textContent = delay(ms);
    this.element.dataset.latency = String(Math.round(ms));
    const sb = this.sourceBuffer;
    if (this.liveButton && sb?.buffered.length) {
      this.liveButton.hidden = sb.buffered.end(sb.buffered.length - 1) - t < BEHIND_MAX_S;
    }
  }

  setState(state, text) {
    const messages = {
      connecting: 'Connecting…',
      reconnecting: 'Connection lost. Reconnecting…',
      offline: 'Camera offline. The picture comes back when the camera reconnects.',
      stalled: 'Waiting for video from the camera…',
      error: 'Video cannot play.',
      ended: 'Live video ended.',
    };
    const changed = this.state !== state;
    this.state = state;
    this.element.dataset.state = state;
    if (state === 'playing') {
      this.overlay.hidden = true;
      if (!this.element.dataset.startupMs) {
        this.element.dataset.startupMs = String(Math.round(performance.now() - this.startedAt)); // time to first picture
      }
    } else {
      this.overlay.hidden = false;
      this.overlay.querySelector('.text').textContent = text ?? messages[state];
      this.latency.textContent = '';
    }
    if (changed) this.element.dispatchEvent(new CustomEvent('livestate', { detail: state }));
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else this.element.requestFullscreen?.().catch(() => {});
  }
}
