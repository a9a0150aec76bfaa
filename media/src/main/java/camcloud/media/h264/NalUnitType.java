package camcloud.media.h264;

/**
 * The nal_unit_type values (ITU-T H.264 table 7-1) that decide how a stream is split into pictures
 * and where a decoder may start.
 */
public final class NalUnitType {

    public static final int NON_IDR_SLICE = 1;
    public static final int PARTITION_A = 2;
    public static final int IDR_SLICE = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;
    public static final int END_OF_SEQUENCE = 10;
    public static final int END_OF_STREAM = 11;
    public static final int FILLER = 12;
    public static final int SPS_EXTENSION = 13;
    public static final int PREFIX = 14;
    public static final int SUBSET_SPS = 15;

    private NalUnitType() {
    }

    /** Slices of a primary coded picture we decode: types 1 (non-IDR), 2 (data partition A) and 5 (IDR). */
    public static boolean isVcl(int type) {
        return type == NON_IDR_SLICE || type == PARTITION_A || type == IDR_SLICE;
    }

    /**
     * NAL units that, when they follow a slice of the current picture, start the next access unit
     * (H.264 7.4.1.2.3): AUD, SPS, PPS, SEI and types 14..18.
     */
    public static boolean startsAccessUnit(int type) {
        return type == AUD || type == SPS || type == PPS || type == SEI || (type >= 14 && type <= 18);
    }
}
