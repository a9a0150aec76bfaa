package camcloud.media.h264;

/**
 * The leading fields of a PPS (H.264 7.3.2.2) that slice headers depend on.
 *
 * @param nal       the PPS NAL unit
 * @param id        pic_parameter_set_id
 * @param spsId     seq_parameter_set_id it refers to
 * @param cabac     entropy_coding_mode_flag
 * @param bottomFieldPicOrderInFramePresent bottom_field_pic_order_in_frame_present_flag
 */
public record PictureParameterSet(NalUnit nal, int id, int spsId, boolean cabac,
                                  boolean bottomFieldPicOrderInFramePresent) {

    public static PictureParameterSet parse(NalUnit nal) throws MalformedH264Exception {
        if (nal.type() != NalUnitType.PPS) {
            throw new MalformedH264Exception("expected a PPS (NAL type 8), got NAL type " + nal.type());
        }
        BitReader r = new BitReader(Rbsp.unescape(nal.bytes(), 1, 64), "PPS");
        int id = r.ue("pic_parameter_set_id", 255);
        int spsId = r.ue("seq_parameter_set_id", 31);
        boolean cabac = r.flag("entropy_coding_mode_flag");
        boolean bottomField = r.flag("bottom_field_pic_order_in_frame_present_flag");
        return new PictureParameterSet(nal, id, spsId, cabac, bottomField);
    }
}
