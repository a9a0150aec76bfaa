// The archive view: a day timeline (recorded ranges, gaps), playback from any moment, previous and
// next day, and export of a chosen range as an MP4 download with a progress bar.

import { api } from './api.js';
import { h, clock, say } from './dom.js';
import { Timeline } from './timeline.js';
import { ArchivePlayer, parsePlaylist } from './archive-player.js';

const REFRESH_MS = 10000;
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const timeOfDay = (ms) => { const d = new Date(ms); return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`; };

export function mountArchive(body, app, camera) {
  const serial = camera.serial;
  let day = new Date();
  day.setHours(0, 0, 0, 0);
  let dayFrom = 0;
  let dayTo = 0;
  let ranges = [];
  let stopped = false;
  let refreshTimer = null;

  const status = h('p.status-line', { role: 'status', 'aria-live': 'polite' });
  const player = new ArchivePlayer({
    label: `${camera.name ?? serial}, recorded video`,
    onTime: (ms) => timeline.setCursor(ms),
  });
  const timeline = new Timeline({ onSeek: (ms) => play(ms) });
  const dayInput = h('input#archive-day', { type: 'date', 'aria-label': 'Day', onchange: () => {
    if (dayInput.value) {
      const [y, m, d] = dayInput.value.split('-').map(Number);
      setDay(new Date(y, m - 1, d));
    }
  } });
  const prev = h('button.ghost#prev-day', { type: 'button', 'aria-label': 'Previous day', onclick: () => step(-1) }, '◀', h('span.wide', { 'aria-hidden': 'true' }, ' Previous day'));
  const next = h('button.ghost#next-day', { type: 'button', 'aria-label': 'Next day', onclick: () => step(1) }, h('span.wide', { 'aria-hidden': 'true' }, 'Next day '), '▶');
  const summary = h('p.muted.summary');

  // Export
  const fromInput = h('input#export-from', { type: 'time', step: '1', required: true });
  const toInput = h('input#export-to', { type: 'time', step: '1', required: true });
  const progress = h('progress#export-progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Export progress' });
  const exportMessage = h('p.form-message#export-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const exportButton = h('button.primary#export-button', { type: 'submit' }, 'Download MP4');
  const cancelButton = h('button.ghost', { type: 'button', hidden: true, onclick: () => abort?.abort() }, 'Cancel');
  let abort = null;
  const exportForm = h('form.export.card', { novalidate: true, 'aria-labelledby': 'export-title' },
    h('h2#export-title', {}, 'Download a clip'),
    h('div.row', {},
      h('div.field', {}, h('label', { htmlFor: 'export-from' }, 'From'), fromInput,
        h('button.link', { type: 'button', onclick: () => { fromInput.value = timeOfDay(timeline.cursor ?? Date.now()); showSelection(); } }, 'Use playhead')),
      h('div.field', {}, h('label', { htmlFor: 'export-to' }, 'To'), toInput,
        h('button.link', { type: 'button', onclick: () => { toInput.value = timeOfDay(timeline.cursor ?? Date.now()); showSelection(); } }, 'Use playhead'))),
    h('div.actions', {}, exportButton, cancelButton),
    progress, exportMessage);
  fromInput.addEventListener('input', showSelection);
  toInput.addEventListener('input', showSelection);
  exportForm.addEventListener('submit', (e) => {
    e.preventDefault();
    download();
  });

  body.append(h('div.archive-view', {},
    h('div.day-bar', {}, prev, dayInput, next),
    summary,
    player.element,
    timeline.element,
    status,
    exportForm));

  function selected() {
    const at = (value) => {
      if (!value) return null;
      const [hh, mm, ss] = value.split(':').map(Number);
      const d = new Date(dayFrom);
      d.setHours(hh, mm, ss || 0, 0);
      return d.getTime();
    };
    return { from: at(fromInput.value), to: at(toInput.value) };
  }

  function showSelection() {
    const { from, to } = selected();
    timeline.setSelection(from !== null && to !== null && to > from ? { from, to } : null);
  }

  function step(days) {
    const d = new Date(day);
    d.setDate(d.getDate() + days);
    setDay(d);
  }

  async function setDay(d) {
    day = new Date(d);
    day.setHours(0, 0, 0, 0);
    dayFrom = day.getTime();
    const end = new Date(day);
    end.setDate(end.getDate() + 1);
    dayTo = end.getTime();
    dayInput.value = isoDay(day);
    const today = new Date();
    today.setHours(0, 0, 0, 0);
    next.disabled = dayFrom >= today.getTime();
    dayInput.max = isoDay(today);
    timeline.setDay(dayFrom, dayTo);
    timeline.setCursor(null);
    player.setState('idle', 'Choose a moment on the timeline.');
    await refresh(true);
  }

  async function refresh(first) {
    clearTimeout(refreshTimer);
    const shown = dayFrom;
    try {
      const to = Math.min(dayTo, dayFrom + 24 * 3600e3);
      const t = await app.guard(() => api.timeline(serial, isoDay(day), zone));
      if (stopped || shown !== dayFrom || !t) return;
      // The playlist only when there is something to play (an empty past day is a 404).
      const playlist = t.ranges.length ? await app.guard(() => api.playlist(serial, new Date(dayFrom), new Date(to))) : null;
      if (stopped || shown !== dayFrom) return;
      ranges = t.ranges.map((r) => ({ from: Date.parse(r.from), to: Date.parse(r.to), segments: r.segments }));
      const gaps = t.gaps.map((g) => ({ from: Date.parse(g.from), to: Date.parse(g.to), reason: g.reason }));
      timeline.setData(ranges, gaps);
      player.setPlaylist(playlist ? parsePlaylist(playlist.text, playlist.base) : [], dayFrom);
      const recorded = ranges.reduce((s, r) => s + (r.to - r.from), 0);
      summary.textContent = ranges.length
        ? `${formatDuration(recorded)} recorded in ${ranges.length} ${ranges.length === 1 ? 'stretch' : 'stretches'}${gaps.length ? `, ${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'}` : ''}.`
        : 'Nothing recorded on this day.';
      if (first && ranges.length) {
        const last = ranges[ranges.length - 1];
        if (timeline.cursor === null) timeline.setCursor(Math.max(last.from, last.to - 30e3));
        if (!fromInput.value) {
          fromInput.value = timeOfDay(Math.max(ranges[0].from, last.to - 60e3)); // gaps are closed up in the file
          toInput.value = timeOfDay(last.to + 1000);
          showSelection();
        }
      }
    } catch (e) {
      say(status, e.message, 'error');
    }
    const today = new Date();
    today.setHours(0, 0, 0, 0);
    if (!stopped && dayFrom === today.getTime()) refreshTimer = setTimeout(() => refresh(false), REFRESH_MS);
  }

  async function play(ms) {
    say(status, '');
    if (!ranges.some((r) => r.to > ms)) {
      say(status, `Nothing recorded after ${clock(new Date(ms))} on this day.`, 'info');
      return;
    }
    const inside = ranges.some((r) => ms >= r.from && ms < r.to);
    if (!inside) say(status, `Nothing recorded at ${clock(new Date(ms))}; playing from the next recording.`, 'info');
    await refresh(false);
    await player.playFrom(ms);
  }

  async function download() {
    const { from, to } = selected();
    if (from === null || to === null) {
      say(exportMessage, 'Choose the start and the end of the clip.', 'error');
      return;
    }
    if (to <= from) {
      say(exportMessage, 'The end must be after the start.', 'error');
      return;
    }
    say(exportMessage, 'Preparing the file…');
    progress.hidden = false;
    progress.removeAttribute('value');
    exportButton.disabled = true;
    cancelButton.hidden = false;
    abort = new AbortController();
    try {
      const response = await fetch(api.exportUrl(serial, new Date(from), new Date(to)), { credentials: 'same-origin', signal: abort.signal });
      if (!response.ok) {
        const data = await response.json().catch(() => null);
        const text = response.status === 404 ? 'Nothing was recorded in this range.' : data?.error ?? `export failed (${response.status})`;
        throw new Error(text);
      }
      const total = Number(response.headers.get('Content-Length')) || 0;
      const reader = response.body.getReader();
      const chunks = [];
      let received = 0;
      progress.max = total || 1;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (total) {
          progress.value = received;
          exportMessage.textContent = `Downloading… ${Math.floor((received / total) * 100)} % (${formatBytes(received)} of ${formatBytes(total)})`;
        } else {
          exportMessage.textContent = `Downloading… ${formatBytes(received)}`;
        }
      }
      const blob = new Blob(chunks, { type: 'video/mp4' });
      const url = URL.createObjectURL(blob);
      const name = `${(camera.name ?? serial).replace(/[^\w.-]+/g, '_')}-${isoDay(new Date(from))}-${timeOfDay(from).replaceAll(':', '')}.mp4`;
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      progress.value = progress.max;
      say(exportMessage, `Downloaded ${name} (${formatBytes(received)}).`, 'ok');
    } catch (e) {
      progress.hidden = true;
      say(exportMessage, e.name === 'AbortError' ? 'Download cancelled.' : e.message, e.name === 'AbortError' ? 'info' : 'error');
    } finally {
      exportButton.disabled = false;
      cancelButton.hidden = true;
      abort = null;
    }
  }

  setDay(day);
  return () => {
    stopped = true;
    clearTimeout(refreshTimer);
    abort?.abort();
    timeline.destroy();
    player.destroy();
  };
}

function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
