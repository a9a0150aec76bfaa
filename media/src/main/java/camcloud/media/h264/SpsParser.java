package camcloud.media.h264;

import java.util.Optional;

/**
 * Parses an SPS NAL unit (H.264 7.3.2.1.1 and the timing part of E.1.1). Everything up to the VUI
 * is required; a VUI that is damaged after the fields we use, or that ends early, leaves timing
 * empty instead of rejecting a stream a decoder would play.
 */
public final class SpsParser {

    /** Enough for any real SPS; a larger unit is suspicious and its tail is not needed. */
    private static final int MAX_SPS_BYTES = 4096;
    private static final int MAX_DIMENSION = 16384;

    private SpsParser() {
    }

    public static SequenceParameterSet parse(NalUnit nal) throws MalformedH264Exception {
        if (nal.type() != NalUnitType.SPS) {
            throw new MalformedH264Exception("expected an SPS (NAL type 7), got NAL type " + nal.type());
        }
        BitReader r = new BitReader(Rbsp.unescape(nal.bytes(), 1, MAX_SPS_BYTES), "SPS");
        int profileIdc = r.bits(8, "profile_idc");
        int constraintFlags = r.bits(8, "constraint_set flags");
        int levelIdc = r.bits(8, "level_idc");
        int id = r.ue("seq_parameter_set_id", 31);
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        int bitDepthLuma = 8;
        int bitDepthChroma = 8;
        if (SequenceParameterSet.hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.ue("chroma_format_idc", 3);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.flag("separate_colour_plane_flag");
            }
            bitDepthLuma = 8 + r.ue("bit_depth_luma_minus8", 6);
            bitDepthChroma = 8 + r.ue("bit_depth_chroma_minus8", 6);
            r.flag("qpprime_y_zero_transform_bypass_flag");
            if (r.flag("seq_scaling_matrix_present_flag")) {
                int lists = chromaFormatIdc == 3 ? 12 : 8;
                for (int i = 0; i < lists; i++) {
                    if (r.flag("seq_scaling_list_present_flag")) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNum = 4 + r.ue("log2_max_frame_num_minus4", 12);
        int picOrderCntType = r.ue("pic_order_cnt_type", 2);
        int log2MaxPocLsb = 0;
        boolean deltaPicOrderAlwaysZero = false;
        if (picOrderCntType == 0) {
            log2MaxPocLsb = 4 + r.ue("log2_max_pic_order_cnt_lsb_minus4", 12);
        } else if (picOrderCntType == 1) {
            deltaPicOrderAlwaysZero = r.flag("delta_pic_order_always_zero_flag");
            r.se("offset_for_non_ref_pic");
            r.se("offset_for_top_to_bottom_field");
            int cycle = r.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
            for (int i = 0; i < cycle; i++) {
                r.se("offset_for_ref_frame");
            }
        }
        r.ue("max_num_ref_frames");
        r.flag("gaps_in_frame_num_value_allowed_flag");
        long widthInMbs = r.ue("pic_width_in_mbs_minus1") + 1;
        long heightInMapUnits = r.ue("pic_height_in_map_units_minus1") + 1;
        boolean frameMbsOnly = r.flag("frame_mbs_only_flag");
        if (!frameMbsOnly) {
            r.flag("mb_adaptive_frame_field_flag");
        }
        r.flag("direct_8x8_inference_flag");
        long cropLeft = 0;
        long cropRight = 0;
        long cropTop = 0;
        long cropBottom = 0;
        if (r.flag("frame_cropping_flag")) {
            cropLeft = r.ue("frame_crop_left_offset");
            cropRight = r.ue("frame_crop_right_offset");
            cropTop = r.ue("frame_crop_top_offset");
            cropBottom = r.ue("frame_crop_bottom_offset");
        }
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaArrayType == 3 ? 1 : 2;
        int subHeightC = chromaArrayType == 1 ? 2 : 1;
        long cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        long cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1L : 2L);
        long width = widthInMbs * 16 - (cropLeft + cropRight) * cropUnitX;
        long height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16 - (cropTop + cropBottom) * cropUnitY;
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new MalformedH264Exception("SPS describes an impossible picture size " + width + "x" + height
                    + " (" + widthInMbs + "x" + heightInMapUnits + " macroblocks, cropping "
                    + cropLeft + "/" + cropRight + "/" + cropTop + "/" + cropBottom + ")");
        }
        Optional<VuiTiming> timing = Optional.empty();
        if (r.flag("vui_parameters_present_flag")) {
            timing = vuiTiming(r);
        }
        return new SequenceParameterSet(nal, profileIdc, constraintFlags, levelIdc, id, chromaFormatIdc,
                separateColourPlane, bitDepthLuma, bitDepthChroma, log2MaxFrameNum, picOrderCntType,
                log2MaxPocLsb, deltaPicOrderAlwaysZero, frameMbsOnly, (int) width, (int) height, timing);
    }

    /** scaling_list() of 7.3.2.1.1.1: read to stay aligned, values unused. */
    private static void skipScalingList(BitReader r, int size) throws MalformedH264Exception {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size; j++) {
            if (nextScale != 0) {
                long delta = r.se("delta_scale");
                if (delta < -128 || delta > 127) {
                    throw new MalformedH264Exception("SPS: delta_scale " + delta + " outside -128..127");
                }
                nextScale = (int) ((lastScale + delta + 256) % 256);
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** Reads the VUI up to timing_info; a truncated VUI yields no timing rather than an error. */
    private static Optional<VuiTiming> vuiTiming(BitReader r) {
        try {
            if (r.flag("aspect_ratio_info_present_flag")) {
                int aspectRatioIdc = r.bits(8, "aspect_ratio_idc");
                if (aspectRatioIdc == 255) {
                    r.skip(32, "sar_width/sar_height");
                }
            }
            if (r.flag("overscan_info_present_flag")) {
                r.flag("overscan_appropriate_flag");
            }
            if (r.flag("video_signal_type_present_flag")) {
                r.skip(4, "video_format/video_full_range_flag");
                if (r.flag("colour_description_present_flag")) {
                    r.skip(24, "colour_description");
                }
            }
            if (r.flag("chroma_loc_info_present_flag")) {
                r.ue("chroma_sample_loc_type_top_field");
                r.ue("chroma_sample_loc_type_bottom_field");
            }
            if (r.flag("timing_info_present_flag")) {
                long units = r.u(32, "num_units_in_tick");
                long scale = r.u(32, "time_scale");
                boolean fixed = r.flag("fixed_frame_rate_flag");
                if (units > 0 && scale > 0) {
                    return Optional.of(new VuiTiming(units, scale, fixed));
                }
            }
        } catch (MalformedH264Exception truncatedVui) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
