package camcloud.media.h264;

import java.util.List;

/**
 * All NAL units of one coded picture (H.264 7.4.1.2.3): what a camera sends as one frame and what
 * an MP4 stores as one sample.
 *
 * @param nalUnits  the units in stream order (AUD, SPS, PPS, SEI, slices...)
 * @param keyframe  true when the picture is IDR: a decoder can start here
 */
public record AccessUnit(List<NalUnit> nalUnits, boolean keyframe) {

    public AccessUnit {
        nalUnits = List.copyOf(nalUnits);
    }

    /** Annex B bytes with 4-byte start codes. */
    public byte[] toAnnexB() {
        return AnnexB.join(nalUnits);
    }

    /** A 4-byte length-prefixed MP4 sample. */
    public byte[] toAvcc() {
        return Avcc.join(nalUnits);
    }

    /** Splits one Annex B frame (e.g. a {@code VideoFrame}) that is already a single access unit. */
    public static AccessUnit fromAnnexB(byte[] annexB) throws MalformedH264Exception {
        List<NalUnit> units = AnnexB.split(annexB);
        boolean vcl = false;
        boolean idr = false;
        for (NalUnit unit : units) {
            vcl |= unit.isVcl();
            idr |= unit.type() == NalUnitType.IDR_SLICE;
        }
        if (!vcl) {
            throw new MalformedH264Exception("access unit of " + units.size() + " NAL units holds no slice");
        }
        return new AccessUnit(units, idr);
    }
}
