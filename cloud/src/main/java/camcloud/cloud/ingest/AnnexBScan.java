package camcloud.cloud.ingest;

import camcloud.media.h264.NalUnitType;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Checks a MediaUnit's Annex B payload where it lies in the connection's buffer, without copying it:
 * it must start with a start code (after optional zero bytes), hold at least one NAL unit and one
 * slice, and no NAL header may have its forbidden bit set. Also tells whether the unit holds an IDR
 * slice (a keyframe), whatever the camera claimed. Slice data is not decoded.
 */
final class AnnexBScan implements ByteProcessor {

    /** What the scan found: {@code error} is null for a good unit. */
    record Result(String error, boolean keyframe, int nalUnits) {
    }

    private int zeros;
    private boolean sawStart;
    private boolean expectHeader;
    private int nalUnits;
    private boolean vcl;
    private boolean idr;
    private String error;
    private long offset;

    private AnnexBScan() {
    }

    static Result scan(ByteBuf payload) {
        AnnexBScan scan = new AnnexBScan();
        if (payload.readableBytes() == 0) {
            return new Result("empty payload", false, 0);
        }
        payload.forEachByte(scan);
        if (scan.error != null) {
            return new Result(scan.error, false, scan.nalUnits);
        }
        if (!scan.sawStart) {
            return new Result("no Annex B start code (00 00 01)", false, 0);
        }
        if (scan.nalUnits == 0) {
            return new Result("no NAL unit after the start code", false, 0);
        }
        if (!scan.vcl) {
            return new Result(scan.nalUnits + " NAL units but no slice", false, scan.nalUnits);
        }
        return new Result(null, scan.idr, scan.nalUnits);
    }

    @Override
    public boolean process(byte b) {
        offset++;
        if (b == 0) {
            zeros++;
            return true;
        }
        if (b == 1 && zeros >= 2) {
            sawStart = true;
            expectHeader = true;
            zeros = 0;
            return true;
        }
        zeros = 0;
        if (!sawStart) {
            error = "garbage before the first start code at offset " + (offset - 1);
            return false;
        }
        if (expectHeader) {
            expectHeader = false;
            if ((b & 0x80) != 0) {
                error = String.format("NAL unit header 0x%02x at offset %d has forbidden_zero_bit set",
                        b & 0xff, offset - 1);
                return false;
            }
            int type = b & 0x1f;
            nalUnits++;
            vcl |= NalUnitType.isVcl(type);
            idr |= type == NalUnitType.IDR_SLICE;
        }
        return true;
    }
}
