// The archive view: opens playing the camera's most recent recording (today's, or the latest day with
// recordings), on a day timeline zoomed where that recording is (recorded ranges, gaps); playback from
// any moment, each jump over a gap said over the picture with the recorder's reason; previous and next
// day; export of a chosen range as an MP4 download with a progress bar. Times: time-format.js.
// The day's events are markers on the timeline (a click plays from a few seconds before one); a camera
// that records events only has event clips and "no event" stretches, not faults. Opened at a moment
// (#/cameras/S/archive/MS, an event's click) it plays from a few seconds before it.

import { api, optional } from './api.js';
import { parseEvent } from './event-kinds.js';
import { h, say } from './dom.js';
import { Timeline } from './timeline.js';
import { ArchivePlayer, parsePlaylist } from './archive-player.js';
import { atInputTime, dayName, dayStart, duration, fileStamp, inputTime, isoDay, timeOfDay, timeZone } from './time-format.js';

const REFRESH_MS = 10000;
const START_BEFORE_END_MS = 30e3; // the archive opens this long before the end of the latest recording
const LOOKBACK_DAYS = 35; // how far back from the camera's last day it looks for recordings (a week per round)
const LOOKBACK_BATCH = 7;
const BEFORE_EVENT_MS = 5000; // an event plays from this long before it started
const EVENTS_PER_DAY = 200; // markers fetched per day at most (the newest; the API's largest page)

export function mountArchive(body, app, camera, at) {
  const serial = camera.serial;
  let dayFrom = midnight(Date.now()); // the day shown: local midnight to the next (epoch ms)
  let dayTo = addDays(dayFrom, 1);
  let ranges = [];
  let gaps = [];
  let events = [];
  let stopped = false;
  let chosen = false; // the user picked a day or a moment: no more choosing for them
  let refreshTimer = null;

  const status = h('p.status-line', { role: 'status', 'aria-live': 'polite' });
  const player = new ArchivePlayer({
    label: `${camera.name ?? serial}, recorded video`,
    onTime: (ms) => timeline.setCursor(ms),
    onGap: (from, to) => gapMessage(from, to, gaps),
  });
  const timeline = new Timeline({
    onSeek: (ms) => { chosen = true; play(ms); },
    onEvent: (e) => { chosen = true; playEvent(e.startMs); },
  });
  const dayInput = h('input#archive-day', { type: 'date', 'aria-label': 'Day', value: isoDay(dayFrom), onchange: () => {
    if (dayInput.value) {
      chosen = true;
      setDay(dayStart(dayInput.value));
    }
  } });
  const prev = h('button.ghost#prev-day', { type: 'button', 'aria-label': 'Previous day', onclick: () => step(-1) }, '◀', h('span.wide', { 'aria-hidden': 'true' }, ' Previous day'));
  const next = h('button.ghost#next-day', { type: 'button', 'aria-label': 'Next day', onclick: () => step(1) }, h('span.wide', { 'aria-hidden': 'true' }, 'Next day '), '▶');
  const summary = h('p.muted.summary');

  // Export
  const fromInput = h('input#export-from', { type: 'time', step: '1', required: true });
  const toInput = h('input#export-to', { type: 'time', step: '1', required: true });
  const range = h('p.muted.export-range#export-range');
  const progress = h('progress#export-progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Export progress' });
  const exportMessage = h('p.form-message#export-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const exportButton = h('button.primary#export-button', { type: 'submit' }, 'Download MP4');
  const cancelButton = h('button.ghost', { type: 'button', hidden: true, onclick: () => abort?.abort() }, 'Cancel');
  let abort = null;
  const exportForm = h('form.export.card', { novalidate: true, 'aria-labelledby': 'export-title' },
    h('h2#export-title', {}, 'Download a clip'),
    h('div.row', {},
      h('div.field', {}, h('label', { htmlFor: 'export-from' }, 'From'), fromInput,
        h('button.link', { type: 'button', onclick: () => { fromInput.value = inputTime(timeline.cursor ?? Date.now()); showSelection(); } }, 'Use playhead')),
      h('div.field', {}, h('label', { htmlFor: 'export-to' }, 'To'), toInput,
        h('button.link', { type: 'button', onclick: () => { toInput.value = inputTime(timeline.cursor ?? Date.now()); showSelection(); } }, 'Use playhead'))),
    range,
    h('div.actions', {}, exportButton, cancelButton),
    progress, exportMessage);
  fromInput.addEventListener('input', showSelection);
  toInput.addEventListener('input', showSelection);
  exportForm.addEventListener('submit', (e) => {
    e.preventDefault();
    download();
  });

  body.append(h('div.archive-view', {},
    h('div.day-bar', {}, prev, dayInput, summary, next),
    player.element,
    timeline.element,
    status,
    exportForm));

  function selected() {
    return { from: atInputTime(dayFrom, fromInput.value), to: atInputTime(dayFrom, toInput.value) };
  }

  function showSelection() {
    const { from, to } = selected();
    const valid = from !== null && to !== null && to > from;
    timeline.setSelection(valid ? { from, to } : null);
    range.textContent = valid ? `${timeOfDay(from)} to ${timeOfDay(to)} (${duration(to - from)})` : '';
  }

  function step(days) {
    chosen = true;
    setDay(addDays(dayFrom, days));
  }

  /** Shows the day starting at local midnight `start`; `data` is its timeline when already loaded. */
  async function setDay(start, { autoplay = false, data = null } = {}) {
    dayFrom = start;
    dayTo = addDays(start, 1);
    dayInput.value = isoDay(dayFrom);
    const today = midnight(Date.now());
    next.disabled = dayFrom >= today;
    dayInput.max = isoDay(today);
    ranges = [];
    gaps = [];
    events = [];
    timeline.setData([], []);
    timeline.setEvents([]);
    timeline.setDay(dayFrom, dayTo);
    timeline.setCursor(null);
    player.setPlaylist([], dayFrom);
    player.setState('idle', 'Choose a moment on the timeline.');
    await refresh(true, data, autoplay);
  }

  /** The day's ranges and gaps (epoch ms), or undefined when the session ended. */
  async function loadTimeline(start) {
    const t = await app.guard(() => api.timeline(serial, isoDay(start), timeZone));
    if (!t) return undefined;
    return {
      ranges: t.ranges.map((r) => ({ from: Date.parse(r.from), to: Date.parse(r.to), segments: r.segments, kind: r.kind ?? 'continuous' })),
      gaps: t.gaps.map((g) => ({ from: Date.parse(g.from), to: Date.parse(g.to), reason: g.reason })),
    };
  }

  /**
   * Opens on the most recent recording: today's, or else the latest day with recordings (looking back
   * from the day the camera was last seen: later days hold nothing), playing by itself.
   */
  async function open() {
    if (Number.isFinite(at)) {
      chosen = true;
      await setDay(midnight(at));
      if (!stopped) playEvent(at);
      return;
    }
    const today = midnight(Date.now());
    const data = await loadTimeline(today).catch((e) => { say(status, e.message, 'error'); return undefined; });
    if (stopped || chosen) return;
    await setDay(today, { autoplay: true, data });
    if (!data || data.ranges.length || !camera.lastSeen) return;
    const found = await latestDayWithRecordings(Math.min(addDays(today, -1), midnight(Date.parse(camera.lastSeen))));
    if (stopped || chosen || !found) return;
    await setDay(found.day, { autoplay: true, data: found.data });
    if (!stopped && !chosen) player.announce(`Nothing recorded today. This is ${dayName(found.day)}, the latest day with recordings.`);
  }

  async function latestDayWithRecordings(from) {
    for (let k = 0; k < LOOKBACK_DAYS; k += LOOKBACK_BATCH) {
      const days = Array.from({ length: LOOKBACK_BATCH }, (_, i) => addDays(from, -(k + i)));
      const timelines = await Promise.all(days.map((d) => loadTimeline(d).catch(() => undefined)));
      if (stopped || chosen) return null;
      const i = timelines.findIndex((t) => t?.ranges.length);
      if (i >= 0) return { day: days[i], data: timelines[i] };
    }
    return null;
  }

  async function refresh(first, data = null, autoplay = false) {
    clearTimeout(refreshTimer);
    const shown = dayFrom;
    try {
      const to = Math.min(dayTo, dayFrom + 24 * 3600e3);
      const t = data ?? await loadTimeline(dayFrom);
      if (stopped || shown !== dayFrom || !t) return;
      // The playlist only when there is something to play (an empty past day is a 404).
      const [playlist, dayEvents] = await Promise.all([
        t.ranges.length ? app.guard(() => api.playlist(serial, new Date(dayFrom), new Date(to))) : null,
        loadEvents(dayFrom, to),
      ]);
      if (stopped || shown !== dayFrom) return;
      ranges = t.ranges;
      gaps = t.gaps;
      if (dayEvents) events = dayEvents;
      timeline.setData(ranges, gaps);
      timeline.setEvents(events);
      player.setPlaylist(playlist ? parsePlaylist(playlist.text, playlist.base) : [], dayFrom);
      const recorded = ranges.reduce((s, r) => s + (r.to - r.from), 0);
      const faults = gaps.filter((g) => g.reason !== 'idle').length; // "no event" stretches are not faults
      const clips = ranges.filter((r) => r.kind === 'event').length;
      summary.textContent = ranges.length
        ? `${duration(recorded)} recorded in ${ranges.length} ${ranges.length === 1 ? 'stretch' : 'stretches'}`
          + `${clips ? ` (${clips} event ${clips === 1 ? 'clip' : 'clips'})` : ''}`
          + `${faults ? `, ${faults} ${faults === 1 ? 'gap' : 'gaps'}` : ''}`
          + `${events.length ? `, ${events.length} ${events.length === 1 ? 'event' : 'events'}` : ''}.`
        : 'Nothing recorded on this day.';
      if (first) {
        if (ranges.length) cueLatest(autoplay && !chosen);
        else timeline.setZoom(0, true);
      }
    } catch (e) {
      say(status, e.message, 'error');
    }
    if (!stopped && dayFrom === midnight(Date.now())) refreshTimer = setTimeout(() => refresh(false), REFRESH_MS);
  }

  /** Zooms on the day's latest recording, puts the playhead shortly before its end, and plays if asked. */
  function cueLatest(autoplay) {
    const last = ranges[ranges.length - 1];
    const start = Math.max(last.from, last.to - START_BEFORE_END_MS);
    timeline.frame(last.from, last.to);
    timeline.setCursor(start);
    player.cue(start);
    if (!fromInput.value) {
      fromInput.value = inputTime(Math.max(ranges[0].from, last.to - 60e3)); // gaps are closed up in the file
      toInput.value = inputTime(last.to + 1000);
      showSelection();
    }
    if (autoplay) player.playFrom(start);
  }

  /** The day's events for the markers (empty where this cloud keeps none); errors leave the old ones. */
  async function loadEvents(from, to) {
    try {
      const page = await app.guard(() => optional(() => api.cameraEvents(serial, {
        from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: EVENTS_PER_DAY,
      }), { events: [] }));
      return page ? (page.events ?? []).map(parseEvent) : null;
    } catch {
      return null;
    }
  }

  /** Plays an event's moment: from a few seconds before it started, the timeline zoomed around it. */
  async function playEvent(startMs) {
    const from = startMs - BEFORE_EVENT_MS;
    if (from < dayFrom || startMs >= dayTo) {
      await setDay(midnight(startMs));
      if (stopped) return;
    }
    timeline.frame(from, startMs + 60e3 * 0.5);
    timeline.setCursor(from);
    await play(from);
  }

  async function play(ms) {
    say(status, '');
    if (!ranges.some((r) => r.to > ms)) {
      player.announce(`Nothing recorded after ${timeOfDay(ms)} on this day.`);
      return;
    }
    // Today's playlist grows: fetch it again only for a moment past its end (else start at once).
    if (!player.hasAfter(ms)) await refresh(false);
    await player.playFrom(ms); // a moment in a gap plays from the next recording, and says so
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
      const name = `${(camera.name ?? serial).replace(/[^\w.-]+/g, '_')}-${fileStamp(from)}.mp4`;
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      progress.value = progress.max;
      say(exportMessage, `Downloaded ${name}: ${timeOfDay(from)} to ${timeOfDay(to)} (${formatBytes(received)}).`, 'ok');
    } catch (e) {
      progress.hidden = true;
      say(exportMessage, e.name === 'AbortError' ? 'Download cancelled.' : e.message, e.name === 'AbortError' ? 'info' : 'error');
    } finally {
      exportButton.disabled = false;
      cancelButton.hidden = true;
      abort = null;
    }
  }

  open();
  return () => {
    stopped = true;
    clearTimeout(refreshTimer);
    abort?.abort();
    timeline.destroy();
    player.destroy();
  };
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Local midnight of the day of `ms`. */
function midnight(ms) {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Local midnight `n` days after the one given (23, 24 or 25 hours a day). */
function addDays(start, n) {
  const d = new Date(start);
  d.setDate(d.getDate() + n);
  return midnight(d.getTime());
}

/** "No recording from 2:02:10 PM to 2:05:33 PM (camera restarted) — jumped ahead 3 min, 23 sec." */
function gapMessage(from, to, gaps) {
  const near = gaps.filter((g) => g.from < to + 1000 && g.to > from - 1000);
  if (near.length && near.every((g) => g.reason === 'idle')) {
    return `No event from ${timeOfDay(from)} to ${timeOfDay(to)} (the camera records events only) — jumped ahead ${duration(to - from)}.`;
  }
  const reasons = [...new Set(near.map((g) => g.reason).filter((r) => r && r !== 'idle'))];
  return `No recording from ${timeOfDay(from)} to ${timeOfDay(to)}${reasons.length ? ` (${reasons.join('; ')})` : ''}`
    + ` — jumped ahead ${duration(to - from)}.`;
}
