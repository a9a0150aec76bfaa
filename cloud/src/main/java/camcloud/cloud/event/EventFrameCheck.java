package camcloud.cloud.event;

import camcloud.protocol.v1.CameraEvent;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks one {@link CameraEvent} frame from a camera before anything of it is kept. Every string is
 * the camera's and is untrusted: ids, types, zones and detail keys must be short words of safe
 * characters, detail values short and printable, numbers finite and in range. A frame that fails is
 * refused whole ({@link Result#refusal()}); a snapshot that fails (too large, not a JPEG) is only
 * left out ({@link Result#snapshotProblem()}): the event itself is still worth keeping.
 *
 * <p>Pure: no I/O, never throws on any input.
 */
public final class EventFrameCheck {

    /** The largest snapshot kept: a 720p JPEG is 50 to 150 KB. */
    public static final int MAX_SNAPSHOT_BYTES = 1 << 20;
    static final int MAX_DETAILS = 16;
    static final int MAX_DETAIL_VALUE = 128;
    /** Monotonic clock readings above this are nonsense (and would overflow once placed). */
    static final long MAX_MONOTONIC_US = 1L << 62;
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern TYPE = Pattern.compile("[a-z0-9_.-]{1,32}");
    static final Pattern ZONE = Pattern.compile("[A-Za-z0-9 _-]{1,32}");
    static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /**
     * @param refusal         why the frame cannot be stored at all; null when it can
     * @param snapshotProblem why the payload is not kept as the snapshot; null when it is (or there is none)
     */
    public record Result(String refusal, String snapshotProblem) {

        static Result refused(String why) {
            return new Result(why, null);
        }

        public boolean accepted() {
            return refusal == null;
        }
    }

    private EventFrameCheck() {
    }

    public static Result check(CameraEvent e, ByteBuf payload) {
        if (!EVENT_ID.matcher(e.getEventId()).matches()) {
            return Result.refused("event_id must be 1 to 64 of [A-Za-z0-9._:-]");
        }
        if (e.getPhase() != CameraEvent.Phase.PHASE_START && e.getPhase() != CameraEvent.Phase.PHASE_END) {
            return Result.refused("phase must be START or END");
        }
        if (!TYPE.matcher(e.getType()).matches()) {
            return Result.refused("type must be 1 to 32 of [a-z0-9_.-]");
        }
        if (!e.getZone().isEmpty() && !ZONE.matcher(e.getZone()).matches()) {
            return Result.refused("zone must be at most 32 of [A-Za-z0-9 _-]");
        }
        if (!inRange(e.getStartMonotonicUs())
                || (e.getPhase() == CameraEvent.Phase.PHASE_END && !inRange(e.getEndMonotonicUs()))) {
            return Result.refused("monotonic times must be between 0 and 2^62 us");
        }
        float score = e.getScore();
        if (Float.isNaN(score) || Float.isInfinite(score) || Math.abs(score) > 1e6f) {
            return Result.refused("score must be a finite number");
        }
        if (e.getDetailsCount() > MAX_DETAILS) {
            return Result.refused("at most " + MAX_DETAILS + " details");
        }
        for (Map.Entry<String, String> d : e.getDetailsMap().entrySet()) {
            if (!DETAIL_KEY.matcher(d.getKey()).matches()) {
                return Result.refused("detail keys must be 1 to 32 of [A-Za-z0-9_.-]");
            }
            if (d.getValue().length() > MAX_DETAIL_VALUE || !printable(d.getValue())) {
                return Result.refused("detail values must be at most " + MAX_DETAIL_VALUE
                        + " printable characters");
            }
        }
        return new Result(null, snapshotProblem(e, payload));
    }

    private static String snapshotProblem(CameraEvent e, ByteBuf payload) {
        int size = payload.readableBytes();
        if (size == 0) {
            return null;
        }
        if (e.getPhase() != CameraEvent.Phase.PHASE_START) {
            return "only START carries a snapshot";
        }
        if (size > MAX_SNAPSHOT_BYTES) {
            return "snapshot of " + size + " bytes is over the " + MAX_SNAPSHOT_BYTES + " byte limit";
        }
        int at = payload.readerIndex();
        if (size < 4 || payload.getUnsignedByte(at) != 0xFF || payload.getUnsignedByte(at + 1) != 0xD8
                || payload.getUnsignedByte(at + 2) != 0xFF) {
            return "snapshot is not a JPEG (no FF D8 FF start)";
        }
        if (!e.getSnapshotType().isEmpty() && !e.getSnapshotType().equals("image/jpeg")) {
            return "snapshot type must be image/jpeg";
        }
        return null;
    }

    private static boolean inRange(long micros) {
        return micros >= 0 && micros < MAX_MONOTONIC_US;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
