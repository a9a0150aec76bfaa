package camcloud.device.uplink;

import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.h264.SequenceParameterSet;
import camcloud.media.h264.SpsParser;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the stream format from the stream itself: the video application writes nothing but access
 * units into the ring (it may be another process), and every keyframe carries its SPS and PPS in
 * band, so the agent reads them from there. Width and height come from the SPS; the frame rate from
 * the SPS's VUI timing, or, when the encoder wrote none (JCodec does not), from the capture times of
 * the first {@value #MEASURED_INTERVALS} intervals after the keyframe, averaged and rounded (a
 * nominal rate; the cloud times units by their capture times). Units of that format wait for it,
 * a fraction of a second once per format.
 *
 * <p>Only the NAL units in front of the first slice are scanned, so a keyframe costs a few dozen
 * byte comparisons, not a pass over the picture. Touched on one event loop only.
 */
final class StreamFormatProbe {

    private static final Logger log = LoggerFactory.getLogger(StreamFormatProbe.class);
    /** Frame intervals averaged to measure a frame rate: one late frame moves the estimate by a quarter. */
    static final int MEASURED_INTERVALS = 4;
    /** The rate of a format that changed again before a single interval could be measured. */
    static final int FALLBACK_FPS = 25;

    private byte[] sps;
    private byte[] pps;
    private FormatSlot current;
    private StreamConfig.Builder pending;
    private long pendingCaptureMicros;
    private long pendingLastMicros;
    private int pendingIntervals;

    /**
     * Looks at the next unit of the stream.
     *
     * @return the format this unit is coded in, or null while no keyframe with SPS and PPS has come
     */
    FormatSlot observe(ByteBuf accessUnit, boolean keyframe, long captureMicros) {
        byte[][] sets = keyframe ? parameterSets(accessUnit) : null;
        boolean changed = sets != null && sets[0] != null && sets[1] != null
                && (!Arrays.equals(sets[0], sps) || !Arrays.equals(sets[1], pps));
        if (pending != null && captureMicros > pendingLastMicros) {
            pendingIntervals++;
            pendingLastMicros = captureMicros;
        }
        if (pending != null && (pendingIntervals >= MEASURED_INTERVALS || changed)) {
            completePending(); // never leave a format open: its units could not be sent
        }
        if (changed) {
            newFormat(sets[0], sets[1], captureMicros);
        }
        return current;
    }

    private void completePending() {
        long fps = pendingIntervals == 0 ? FALLBACK_FPS
                : Math.round(1_000_000.0 * pendingIntervals / (pendingLastMicros - pendingCaptureMicros));
        current.complete(pending.setFps((int) Math.max(1, Math.min(120, fps))).build());
        pending = null;
    }

    /** The latest complete format, or null. */
    StreamConfig latest() {
        return current == null ? null : current.config();
    }

    private void newFormat(byte[] newSps, byte[] newPps, long captureMicros) {
        SequenceParameterSet parsed;
        try {
            parsed = SpsParser.parse(NalUnit.of(newSps));
        } catch (MalformedH264Exception e) {
            log.warn("video application wrote a keyframe with an unreadable SPS ({}); keeping the previous format",
                    e.getMessage());
            return;
        }
        sps = newSps;
        pps = newPps;
        StreamConfig.Builder config = StreamConfig.newBuilder()
                .setCodec("h264")
                .setWidth(parsed.width())
                .setHeight(parsed.height())
                .setSps(ByteString.copyFrom(newSps))
                .setPps(ByteString.copyFrom(newPps));
        Optional<Double> fps = parsed.frameRate();
        if (fps.isPresent()) {
            current = new FormatSlot(config.setFps((int) Math.round(fps.get())).build());
            pending = null;
        } else {
            current = new FormatSlot(null);
            pending = config;
            pendingCaptureMicros = captureMicros;
            pendingLastMicros = captureMicros;
            pendingIntervals = 0;
        }
    }

    /** The SPS and PPS (without start codes) in front of the first slice, either null when absent. */
    static byte[][] parameterSets(ByteBuf au) {
        byte[][] found = new byte[2][];
        int end = au.writerIndex();
        int nalStart = -1;
        int i = au.readerIndex();
        while (i + 3 <= end) {
            if (au.getByte(i) == 0 && au.getByte(i + 1) == 0 && au.getByte(i + 2) == 1) {
                if (nalStart >= 0) {
                    keep(au, nalStart, i, found);
                }
                nalStart = i + 3;
                if (nalStart < end && NalUnitType.isVcl(au.getByte(nalStart) & 0x1f)) {
                    return found;
                }
                i += 3;
            } else {
                i++;
            }
        }
        if (nalStart >= 0) {
            keep(au, nalStart, end, found);
        }
        return found;
    }

    private static void keep(ByteBuf au, int start, int end, byte[][] found) {
        while (end > start && au.getByte(end - 1) == 0) {
            end--; // trailing zero bytes belong to the next (4-byte) start code
        }
        if (end <= start) {
            return;
        }
        int type = au.getByte(start) & 0x1f;
        if (type == NalUnitType.SPS || type == NalUnitType.PPS) {
            byte[] nal = new byte[end - start];
            au.getBytes(start, nal);
            found[type == NalUnitType.SPS ? 0 : 1] = nal;
        }
    }
}
