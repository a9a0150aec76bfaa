// The server's live messages to this page: one EventSource on /api/push while signed in. Views
// subscribe to its message names (`event`, `camera`, `notification`) and unsubscribe in their cleanup.
// It also keeps the unseen-event counts (per camera and in all) that the badges show: a new event
// counts until a list showing it is opened.
//
// The browser's EventSource reconnects by itself after a drop; when the server refuses the stream
// (an older cloud without /api/push, or a 401) it gives up, and this retries slowly. The state is on
// <html data-push="open|connecting|closed"> for anyone (tests included) who needs to know.

const RETRY_MIN_MS = 5000;
const RETRY_MAX_MS = 120000;
const REMEMBERED_IDS = 500; // event ids already counted (a START and an END of one event count once)

const listeners = new Map(); // name -> Set of functions
const unseen = new Map(); // serial -> count
const counted = new Set();
let source = null;
let retryTimer = null;
let retryMs = RETRY_MIN_MS;
let running = false;

function setState(state) {
  document.documentElement.dataset.push = state;
}

function emit(name, data) {
  for (const fn of listeners.get(name) ?? []) {
    try {
      fn(data);
    } catch (e) {
      console.warn(`push ${name} listener failed`, e); // one broken view must not stop the others
    }
  }
}

function open() {
  clearTimeout(retryTimer);
  setState('connecting');
  const es = new EventSource('/api/push');
  source = es;
  es.addEventListener('open', () => {
    retryMs = RETRY_MIN_MS;
    setState('open');
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CLOSED) {
      // refused (not a stream, or not signed in): try again later, slower each time
      setState('closed');
      source = null;
      if (running) retryTimer = setTimeout(open, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    } else {
      setState('connecting'); // the browser reconnects by itself
    }
  });
  for (const name of ['event', 'camera', 'notification']) {
    es.addEventListener(name, (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // not JSON: nothing a view could use
      }
      if (name === 'event') count(data);
      emit(name, data);
    });
  }
}

function count(event) {
  if (!event || typeof event.id !== 'string' || counted.has(event.id) || event.end) return;
  counted.add(event.id);
  if (counted.size > REMEMBERED_IDS) counted.delete(counted.values().next().value);
  unseen.set(event.camera, (unseen.get(event.camera) ?? 0) + 1);
  emit('unseen', null);
}

export const push = {
  /** Opens the stream (signed in); idempotent. */
  start() {
    if (running) return;
    running = true;
    retryMs = RETRY_MIN_MS;
    open();
  },

  /** Closes the stream and forgets the counts (signed out). */
  stop() {
    running = false;
    clearTimeout(retryTimer);
    source?.close();
    source = null;
    unseen.clear();
    counted.clear();
    setState('closed');
    emit('unseen', null);
  },

  /** fn(data) for each message `name` (event, camera, notification, or unseen: the counts changed); returns the unsubscribe. */
  on(name, fn) {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(fn);
    return () => listeners.get(name).delete(fn);
  },

  /** Unseen new events of one camera, or of all when serial is undefined. */
  unseen(serial) {
    if (serial !== undefined) return unseen.get(serial) ?? 0;
    let total = 0;
    for (const n of unseen.values()) total += n;
    return total;
  },

  /** The events of one camera (or of all) were shown. */
  seen(serial) {
    if (serial === undefined) unseen.clear();
    else unseen.delete(serial);
    emit('unseen', null);
  },
};
