package camcloud.device.uplink;

import camcloud.protocol.v1.GapKind;
import camcloud.protocol.v1.MediaGap;

/**
 * A run of consecutive sequence numbers the camera dropped before the cloud acknowledged them, kept
 * until it is sent and an acknowledgement beyond it shows the cloud has moved past it (it is sent
 * again after a reconnect otherwise, so the cloud must treat a repeated gap as one). Touched on one
 * event loop only.
 */
final class DroppedRun {

    final long firstSequence;
    long lastSequence;
    final long firstCaptureMicros;
    long lastCaptureMicros;
    final String reason;
    /** Lost ({@code GAP_KIND_UNSPECIFIED}) or not sent on purpose between events ({@code GAP_KIND_IDLE}). */
    final GapKind kind;
    /** Sent in the current session; a run already sent is never extended, a new one starts instead. */
    boolean sent;

    DroppedRun(long sequence, long firstCaptureMicros, long lastCaptureMicros, String reason, GapKind kind) {
        this.kind = kind;
        this.firstSequence = sequence;
        this.lastSequence = sequence;
        this.firstCaptureMicros = firstCaptureMicros;
        this.lastCaptureMicros = lastCaptureMicros;
        this.reason = reason;
    }

    MediaGap toMessage() {
        return MediaGap.newBuilder()
                .setFirstSequence(firstSequence)
                .setLastSequence(lastSequence)
                .setFirstCaptureMonotonicUs(firstCaptureMicros)
                .setLastCaptureMonotonicUs(lastCaptureMicros)
                .setReason(reason)
                .setKind(kind)
                .build();
    }

    @Override
    public String toString() {
        return "gap " + firstSequence + ".." + lastSequence + " (" + reason + ")";
    }
}
