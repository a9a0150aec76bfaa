package camcloud.media.fmp4;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a recorded segment along the decode timeline by rewriting the {@code tfdt} of each fragment.
 *
 * <p>Why: a segment file on disk starts at decode time 0, so any tool reading the file alone sees
 * its true length (ffmpeg's MP4 demuxer reports a fragmented file's duration as its last decode
 * time, so a file starting at "90 kHz ticks since 1970" would claim decades). Players of a camera's
 * archive need the opposite — consecutive segments that continue each other's decode times (hls.js,
 * and ffmpeg's HLS demuxer drop frames when decode time goes backwards) — so the archive shifts each
 * segment onto the camera's timeline as it serves it. Only {@code tfdt} changes; box sizes and data
 * offsets stay as they are.
 */
public final class DecodeTimeShift {

    private DecodeTimeShift() {
    }

    /** The {@code tfdt} of the first fragment in {@code segment} (whole boxes: init and/or fragments). */
    public static long firstDecodeTime(byte[] segment) throws MalformedMp4Exception {
        List<Integer> at = tfdtOffsets(segment);
        if (at.isEmpty()) {
            throw new MalformedMp4Exception("segment has no fragment");
        }
        return read(segment, at.get(0));
    }

    /**
     * A copy of {@code segment} with every fragment's decode time moved by {@code deltaTicks}.
     *
     * @throws MalformedMp4Exception when the bytes are not whole boxes, or a decode time would go negative
     */
    public static byte[] shift(byte[] segment, long deltaTicks) throws MalformedMp4Exception {
        byte[] out = segment.clone();
        for (int at : tfdtOffsets(out)) {
            long moved = read(out, at) + deltaTicks;
            if (moved < 0) {
                throw new MalformedMp4Exception("decode time would become negative (" + moved + ")");
            }
            ByteBuffer.wrap(out, at, 8).putLong(moved);
        }
        return out;
    }

    /** Offsets of the 64-bit decode time field of every {@code tfdt}. */
    private static List<Integer> tfdtOffsets(byte[] bytes) throws MalformedMp4Exception {
        List<Integer> offsets = new ArrayList<>();
        for (Box top : Box.list(bytes, 0, bytes.length)) {
            if (!top.type().equals("moof")) {
                continue;
            }
            for (Box traf : top.children(bytes)) {
                if (!traf.type().equals("traf")) {
                    continue;
                }
                Box tfdt = traf.child(bytes, "tfdt");
                Box.Cursor c = tfdt.read(bytes);
                int version = c.u8();
                c.skip(3);
                if (version != 1) {
                    throw new MalformedMp4Exception("tfdt version " + version + " cannot be shifted in place; "
                            + "recorded segments use version 1");
                }
                c.skip(8);
                offsets.add(tfdt.payloadStart() + 4);
            }
        }
        return offsets;
    }

    private static long read(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes, at, 8).getLong();
    }
}
