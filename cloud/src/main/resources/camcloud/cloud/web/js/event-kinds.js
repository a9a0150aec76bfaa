// What the app knows about an event: its type's name and colour (the same in the events list, its
// filters and the timeline's markers: CSS classes .kind-motion, .kind-sound, .kind-day_night) and the
// EVENT JSON of the API turned into epoch milliseconds.

export const EVENT_TYPES = [
  ['motion', 'Motion'],
  ['sound', 'Sound'],
  ['day_night', 'Day/night'],
];

/** "Motion", "Sound", "Day/night" (an unknown type as it came). */
export function typeName(type) {
  return EVENT_TYPES.find(([id]) => id === type)?.[1] ?? String(type);
}

/** A CSS class safe for any type string: kind-motion, kind-sound, kind-day_night, kind-other. */
export function kindClass(type) {
  return EVENT_TYPES.some(([id]) => id === type) ? `kind-${type}` : 'kind-other';
}

/** The API's EVENT with start and end as epoch ms (end null while it goes on). */
export function parseEvent(e) {
  return { ...e, startMs: Date.parse(e.start), endMs: e.end ? Date.parse(e.end) : null };
}

/** "Motion in Door", "Sound", "Night" / "Day" for a day/night switch. */
export function eventTitle(e) {
  if (e.type === 'day_night') {
    const state = e.details?.state;
    return state === 'night' ? 'Night (IR on)' : state === 'day' ? 'Day' : 'Day/night switch';
  }
  return e.zone ? `${typeName(e.type)} in ${e.zone}` : typeName(e.type);
}
