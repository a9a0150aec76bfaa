package camcloud.media.fmp4;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AvcConfigurationRecord;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalIndex;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.h264.ParameterSets;
import camcloud.media.h264.SequenceParameterSet;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The one H.264 track of a camera's stream as an MP4 describes it: decoder configuration, picture
 * size and media timescale. Built from the stream's SPS and PPS; two tracks are the same when their
 * avcC bytes are, which is when a recorder may keep one init segment.
 *
 * @param config     the avcC content
 * @param sps        the parsed SPS (size, codec string)
 * @param avcC       the serialized configuration record
 * @param timescale  media ticks per second; {@link #TIMESCALE} unless a caller needs another
 */
public record VideoTrack(AvcConfigurationRecord config, SequenceParameterSet sps, byte[] avcC, int timescale) {

    /** 90 kHz: the clock of RTP video and MPEG-TS, exact for every common frame rate. */
    public static final int TIMESCALE = 90_000;
    /** The only track of our files. */
    public static final int TRACK_ID = 1;

    /**
     * The track for a stream with these parameter sets.
     *
     * @throws MalformedH264Exception when the SPS or PPS is missing or unparsable
     */
    public static VideoTrack of(NalUnit sps, NalUnit pps) throws MalformedH264Exception {
        return of(AvcConfigurationRecord.of(sps, pps));
    }

    public static VideoTrack of(AvcConfigurationRecord config) throws MalformedH264Exception {
        return new VideoTrack(config, config.parsedSps(), config.toBytes(), TIMESCALE);
    }

    /** The track for the latest SPS and PPS an assembler has seen. */
    public static VideoTrack of(ParameterSets sets) throws MalformedH264Exception {
        return of(sets.latestSps().map(SequenceParameterSet::nal).orElse(null),
                sets.latestPps().map(p -> p.nal()).orElse(null));
    }

    /**
     * The track for a keyframe that carries its SPS and PPS in band, as camera keyframes do.
     *
     * @throws MalformedH264Exception when the access unit lacks an SPS or PPS
     */
    public static VideoTrack of(AccessUnit keyframe) throws MalformedH264Exception {
        NalUnit sps = null;
        NalUnit pps = null;
        for (NalUnit nal : keyframe.nalUnits()) {
            if (nal.type() == NalUnitType.SPS && sps == null) {
                sps = nal;
            } else if (nal.type() == NalUnitType.PPS && pps == null) {
                pps = nal;
            }
        }
        return of(sps, pps);
    }

    /**
     * The track for a keyframe in a camera's buffer, from its in-band SPS and PPS (only those few
     * bytes are copied).
     *
     * @throws MalformedH264Exception when the unit lacks an SPS or PPS
     */
    public static VideoTrack of(ByteBuf annexB, NalIndex index) throws MalformedH264Exception {
        List<NalUnit> sps = index.copies(annexB, NalUnitType.SPS);
        List<NalUnit> pps = index.copies(annexB, NalUnitType.PPS);
        return of(sps.isEmpty() ? null : sps.get(0), pps.isEmpty() ? null : pps.get(0));
    }

    /**
     * False when {@code unit} carries an SPS or PPS other than this track's: the stream changed
     * (resolution, profile) and the recorder must start a new segment with a new init segment.
     */
    public boolean describes(AccessUnit unit) {
        return describes(unit.nalUnits());
    }

    /** As {@link #describes(AccessUnit)}, for a unit in a camera's buffer (only its parameter sets are read). */
    public boolean describes(ByteBuf annexB, NalIndex index) throws MalformedH264Exception {
        return describes(index.copies(annexB, NalUnitType.SPS)) && describes(index.copies(annexB, NalUnitType.PPS));
    }

    private boolean describes(List<NalUnit> nals) {
        for (NalUnit nal : nals) {
            if (nal.type() == NalUnitType.SPS && !config.sps().contains(nal)) {
                return false;
            }
            if (nal.type() == NalUnitType.PPS && !config.pps().contains(nal)) {
                return false;
            }
        }
        return true;
    }

    public int width() {
        return sps.width();
    }

    public int height() {
        return sps.height();
    }

    /** {@code avc1.PPCCLL} for HLS CODECS and MSE. */
    public String codecString() {
        return sps.codecString();
    }

    /** {@code video/mp4; codecs="avc1.PPCCLL"} for {@code MediaSource.addSourceBuffer}. */
    public String mimeType() {
        return sps.mimeType();
    }

    /** True when an init segment of {@code other} would be byte-identical in its codec part. */
    public boolean sameConfiguration(VideoTrack other) {
        return java.util.Arrays.equals(avcC, other.avcC) && timescale == other.timescale;
    }
}
