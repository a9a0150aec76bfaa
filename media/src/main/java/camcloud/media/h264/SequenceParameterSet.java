package camcloud.media.h264;

import java.util.Optional;

/**
 * What the muxer, the player and the assembler need from an SPS (H.264 7.3.2.1.1): the profile and
 * level for the codec string, the picture size after cropping, the field widths the slice header
 * parser needs, and the frame rate when the encoder wrote VUI timing.
 *
 * @param nal                 the SPS NAL unit it was parsed from
 * @param profileIdc          profile_idc (66 Baseline, 77 Main, 100 High, ...)
 * @param constraintFlags     the byte holding constraint_set0..5 flags and the reserved bits
 * @param levelIdc            level_idc (31 means level 3.1)
 * @param id                  seq_parameter_set_id
 * @param chromaFormatIdc     0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param separateColourPlane separate_colour_plane_flag
 * @param bitDepthLuma        BitDepthY
 * @param bitDepthChroma      BitDepthC
 * @param log2MaxFrameNum     bits of frame_num in slice headers
 * @param picOrderCntType     pic_order_cnt_type, 0..2
 * @param log2MaxPicOrderCntLsb bits of pic_order_cnt_lsb (type 0 only)
 * @param deltaPicOrderAlwaysZero delta_pic_order_always_zero_flag (type 1 only)
 * @param frameMbsOnly        frame_mbs_only_flag: false for interlaced-capable streams
 * @param width               displayed width in pixels after frame cropping
 * @param height              displayed height in pixels after frame cropping
 * @param timing              VUI timing, when present
 */
public record SequenceParameterSet(
        NalUnit nal,
        int profileIdc,
        int constraintFlags,
        int levelIdc,
        int id,
        int chromaFormatIdc,
        boolean separateColourPlane,
        int bitDepthLuma,
        int bitDepthChroma,
        int log2MaxFrameNum,
        int picOrderCntType,
        int log2MaxPicOrderCntLsb,
        boolean deltaPicOrderAlwaysZero,
        boolean frameMbsOnly,
        int width,
        int height,
        Optional<VuiTiming> timing) {

    /**
     * The RFC 6381 codec parameter for MSE and HLS, e.g. {@code avc1.64001f}: profile_idc,
     * constraint byte and level_idc as hex, straight from the SPS as Chromium expects.
     */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /** The full MIME type for {@code MediaSource.isTypeSupported} and {@code addSourceBuffer}. */
    public String mimeType() {
        return "video/mp4; codecs=\"" + codecString() + "\"";
    }

    /** Frames per second from VUI timing, if the encoder wrote a usable one. */
    public Optional<Double> frameRate() {
        return timing.map(VuiTiming::frameRate).filter(fps -> fps > 0 && fps <= 1000);
    }

    /** True for the profiles whose SPS carries chroma format, bit depth and scaling matrices. */
    static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }
}
