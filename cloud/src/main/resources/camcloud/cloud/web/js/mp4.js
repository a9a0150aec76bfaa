// Just enough ISO-BMFF reading for the players: prft capture times, tfdt decode times, the track's
// timescale and the codec string of an init segment. Never throws on odd input: returns null.

const NTP_UNIX_OFFSET_S = 2208988800;
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf', 'mvex', 'edts']);

/** Top-level boxes of `bytes` (a Uint8Array) as {type, start, end, body} (body = offset after the header). */
function* boxes(bytes, from = 0, to = bytes.length) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) return;
    yield { type, start: at, end: at + size, body: at + header, view };
    at += size;
  }
}

/** The first box of `type` at any depth under the containers we know. */
function find(bytes, type, from = 0, to = bytes.length) {
  for (const box of boxes(bytes, from, to)) {
    if (box.type === type) return box;
    if (CONTAINERS.has(box.type)) {
      const inner = find(bytes, type, box.body, box.end);
      if (inner) return inner;
    }
    if (box.type === 'stsd') {
      const inner = find(bytes, type, box.body + 8, box.end);
      if (inner) return inner;
    }
    if (box.type === 'avc1' || box.type === 'avc3' || box.type === 'hvc1' || box.type === 'hev1') {
      const inner = find(bytes, type, box.body + 78, box.end);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * The `prft` box of a fragment: {captureMs (Unix epoch ms), mediaTime (track ticks)}, or null.
 */
export function producerReferenceTime(bytes) {
  const box = find(bytes, 'prft');
  if (!box || box.end - box.body < 20) return null;
  const { view } = box;
  const version = bytes[box.body];
  const seconds = view.getUint32(box.body + 8);
  const fraction = view.getUint32(box.body + 12);
  const mediaTime = version === 1 ? Number(view.getBigUint64(box.body + 16)) : view.getUint32(box.body + 16);
  return { captureMs: (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000, mediaTime };
}

/** The first `tfdt` base media decode time in `bytes` (a segment file or a fragment), or null. */
export function baseDecodeTime(bytes) {
  const box = find(bytes, 'tfdt');
  if (!box) return null;
  const version = bytes[box.body];
  return version === 1 ? Number(box.view.getBigUint64(box.body + 4)) : box.view.getUint32(box.body + 4);
}

/** The video track's timescale from the init segment's `mdhd`, or null. */
export function timescale(bytes) {
  const box = find(bytes, 'mdhd');
  if (!box) return null;
  const version = bytes[box.body];
  return box.view.getUint32(box.body + (version === 1 ? 20 : 12));
}

/** The MIME type with RFC 6381 codec of an init segment (`video/mp4; codecs="avc1.64001f"`), or null. */
export function mimeType(bytes) {
  const avcC = find(bytes, 'avcC');
  if (avcC && avcC.end - avcC.body >= 4) {
    const hex = (i) => bytes[avcC.body + i].toString(16).padStart(2, '0');
    return `video/mp4; codecs="avc1.${hex(1)}${hex(2)}${hex(3)}"`;
  }
  return null;
}
