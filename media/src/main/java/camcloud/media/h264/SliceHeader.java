package camcloud.media.h264;

/**
 * The slice header fields (H.264 7.3.3) that tell whether a slice starts a new primary coded
 * picture (7.4.1.2.4). Parsing needs the active SPS and PPS, which is why a slice that refers to a
 * parameter set never seen is an error.
 */
record SliceHeader(int nalType, int nalRefIdc, long firstMbInSlice, int sliceType, int ppsId, long frameNum,
                   boolean fieldPic, boolean bottomField, long idrPicId, long picOrderCntLsb,
                   long deltaPicOrderCntBottom, long deltaPicOrderCnt0, long deltaPicOrderCnt1) {

    /** Header bytes never exceed this in practice; bounds the unescaping of large slices. */
    private static final int MAX_HEADER_BYTES = 96;

    static SliceHeader parse(NalUnit nal, ParameterSets sets) throws MalformedH264Exception {
        BitReader r = new BitReader(Rbsp.unescape(nal.bytes(), 1, MAX_HEADER_BYTES), "slice header");
        long firstMb = r.ue("first_mb_in_slice");
        int sliceType = r.ue("slice_type", 9);
        int ppsId = r.ue("pic_parameter_set_id", 255);
        PictureParameterSet pps = sets.pps(ppsId);
        if (pps == null) {
            throw new MalformedH264Exception("slice refers to PPS " + ppsId + ", which the stream has not sent");
        }
        SequenceParameterSet sps = sets.sps(pps.spsId());
        if (sps == null) {
            throw new MalformedH264Exception("PPS " + ppsId + " refers to SPS " + pps.spsId()
                    + ", which the stream has not sent");
        }
        if (sps.separateColourPlane()) {
            r.skip(2, "colour_plane_id");
        }
        long frameNum = r.u(sps.log2MaxFrameNum(), "frame_num");
        boolean fieldPic = false;
        boolean bottomField = false;
        if (!sps.frameMbsOnly()) {
            fieldPic = r.flag("field_pic_flag");
            if (fieldPic) {
                bottomField = r.flag("bottom_field_flag");
            }
        }
        boolean idr = nal.type() == NalUnitType.IDR_SLICE;
        long idrPicId = idr ? r.ue("idr_pic_id") : -1;
        long pocLsb = 0;
        long deltaBottom = 0;
        long delta0 = 0;
        long delta1 = 0;
        if (sps.picOrderCntType() == 0) {
            pocLsb = r.u(sps.log2MaxPicOrderCntLsb(), "pic_order_cnt_lsb");
            if (pps.bottomFieldPicOrderInFramePresent() && !fieldPic) {
                deltaBottom = r.se("delta_pic_order_cnt_bottom");
            }
        } else if (sps.picOrderCntType() == 1 && !sps.deltaPicOrderAlwaysZero()) {
            delta0 = r.se("delta_pic_order_cnt[0]");
            if (pps.bottomFieldPicOrderInFramePresent() && !fieldPic) {
                delta1 = r.se("delta_pic_order_cnt[1]");
            }
        }
        return new SliceHeader(nal.type(), nal.refIdc(), firstMb, sliceType, ppsId, frameNum, fieldPic,
                bottomField, idrPicId, pocLsb, deltaBottom, delta0, delta1);
    }

    /** 7.4.1.2.4: does this slice belong to a different primary picture than {@code previous}? */
    boolean startsNewPictureAfter(SliceHeader previous) {
        boolean thisIdr = nalType == NalUnitType.IDR_SLICE;
        boolean previousIdr = previous.nalType == NalUnitType.IDR_SLICE;
        return frameNum != previous.frameNum
                || ppsId != previous.ppsId
                || fieldPic != previous.fieldPic
                || bottomField != previous.bottomField
                || (nalRefIdc != previous.nalRefIdc && (nalRefIdc == 0 || previous.nalRefIdc == 0))
                || picOrderCntLsb != previous.picOrderCntLsb
                || deltaPicOrderCntBottom != previous.deltaPicOrderCntBottom
                || deltaPicOrderCnt0 != previous.deltaPicOrderCnt0
                || deltaPicOrderCnt1 != previous.deltaPicOrderCnt1
                || thisIdr != previousIdr
                || (thisIdr && idrPicId != previous.idrPicId)
                // Not in 7.4.1.2.4, but an encoder that repeats every field above (some intra-only
                // encoders reuse idr_pic_id) still restarts at macroblock 0 for each picture.
                || firstMbInSlice == 0;
    }
}
