// Every time, date and duration the app shows, in the browser's own locale and time zone
// (Intl with no locale and no zone: the user's). One module, so the timeline, the player's clock,
// gap messages, the export and the camera cards all read alike: "2:05:33 PM" for a US browser,
// "14:05:33" for a German one. The machine formats the API and the form inputs need are here too,
// named as such, so that no view builds a time string by hand.

const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const TIME_NO_SECONDS = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const NUMBER_1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const DURATION = typeof Intl.DurationFormat === 'function' ? new Intl.DurationFormat(undefined, { style: 'short' }) : null;
const NO_DURATION = DURATION && new Intl.DurationFormat(undefined, { style: 'short', secondsDisplay: 'always' });

/** The browser's IANA time zone, e.g. Europe/Paris: the zone of the days the archive shows. */
export const timeZone = TIME.resolvedOptions().timeZone || 'UTC';

/** Time of day, e.g. "2:05:33 PM" or "14:05:33" (`seconds: false`: "2:05 PM"). */
export function timeOfDay(ms, { seconds = true } = {}) {
  return (seconds ? TIME : TIME_NO_SECONDS).format(ms);
}

/** A calendar day in words, e.g. "Tuesday, March 3, 2026". */
export function dayName(ms) {
  return DAY.format(ms);
}

/** A short date, e.g. "Mar 3, 2026". */
export function shortDate(ms) {
  return DATE.format(ms);
}

/** A length of time, e.g. "3 min, 23 sec" (whole seconds; under a second: "0 sec"). */
export function duration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
  if (parts.hours) delete parts.seconds;
  if (DURATION) return total === 0 ? NO_DURATION.format({ seconds: 0 }) : DURATION.format(parts);
  const text = [parts.hours && `${parts.hours} h`, parts.minutes && `${parts.minutes} min`, parts.seconds && `${parts.seconds} s`];
  return text.filter(Boolean).join(' ') || '0 s';
}

/** A short delay such as the live picture's latency: "120 ms", "1.2 s" (the number in the locale). */
export function delay(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${NUMBER_1.format(ms / 1000)} s`;
}

/** "just now", "5 min ago", "3 h ago", or the date. */
export function relativeTime(ms) {
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return shortDate(ms);
}

// Machine formats.

const pad = (n) => String(n).padStart(2, '0');

/** The local calendar day as YYYY-MM-DD: the timeline API's `day` and a date input's value. */
export function isoDay(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight (epoch ms) of a YYYY-MM-DD day, as a date input gives it. */
export function dayStart(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

/** The local time as HH:MM:SS: the value of an <input type="time"> (which shows it in the locale). */
export function inputTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local midnight (epoch ms) of the day an <input type="time"> value refers to, plus that time. */
export function atInputTime(dayStartMs, value) {
  if (!value) return null;
  const [hh, mm, ss] = value.split(':').map(Number);
  const d = new Date(dayStartMs);
  d.setHours(hh, mm, ss || 0, 0);
  return d.getTime();
}

/** Local date and time for a file name, sortable: 2026-03-03-140533. */
export function fileStamp(ms) {
  return `${isoDay(ms)}-${inputTime(ms).replaceAll(':', '')}`;
}
