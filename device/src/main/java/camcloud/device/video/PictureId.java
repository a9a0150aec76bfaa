package camcloud.device.video;

/**
 * The fields every slice header of one picture must repeat identically (H.264 7.4.1.2.4): whether
 * it is an IDR, its {@code frame_num} and its {@code pic_order_cnt_lsb}. The clock band's slice
 * takes them from the loop picture it joins, so a decoder sees one picture of two slices.
 */
record PictureId(boolean idr, int frameNum, int picOrderCntLsb) {
}
