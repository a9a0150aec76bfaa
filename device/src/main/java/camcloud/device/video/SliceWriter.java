package camcloud.device.video;

import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes the slices of a split picture (H.264 7.3.3): a header of our own for the picture the slice
 * joins, then either macroblock data JCodec encoded ({@link CodedSlice}) or a run of skipped
 * macroblocks. Output is one NAL unit: header byte ({@code nal_ref_idc} 3, as JCodec writes) and
 * escaped payload, without start code.
 *
 * <p>Every header sets {@code disable_deblocking_filter_idc = 2}: the deblocking filter runs inside
 * each slice, as the encoder assumed when it built its reference pictures, but never across the edge
 * between the clock band and the rest. Filtering that edge would change up to three rows of the
 * rest's top; the next P picture predicts from them, and the rest would drift away from what JCodec
 * encoded. The PPS must therefore carry {@code deblocking_filter_control_present_flag = 1}.
 *
 * <p>A skipped run is what keeps the clock cheap: a P slice whose {@code mb_skip_run} covers all its
 * macroblocks copies that region of the previous picture unchanged (P_Skip with neighbours outside
 * the slice or with zero motion predicts a zero vector, 8.4.1.1, and skipped macroblocks with equal
 * motion and no residual are not filtered), in about ten bytes.
 */
final class SliceWriter {

    private static final int SLICE_TYPE_P = 0;
    private static final int SLICE_TYPE_I = 2;
    private static final int DEBLOCK_INSIDE_SLICES_ONLY = 2;
    private static final int NAL_REF_IDC = 3;

    private final int frameNumBits;
    private final int pocLsbBits;

    /** A writer for slices of pictures that use {@code sps} (with the PPS described above). */
    SliceWriter(SeqParameterSet sps) {
        this.frameNumBits = sps.log2MaxFrameNumMinus4 + 4;
        this.pocLsbBits = sps.log2MaxPicOrderCntLsbMinus4 + 4;
    }

    /** {@code slice}'s macroblocks as the slice of {@code picture} that starts at macroblock {@code firstMb}. */
    byte[] write(PictureId picture, int firstMb, CodedSlice slice) {
        if (picture.idr() && !slice.intra()) {
            throw new IllegalArgumentException("an IDR picture takes only I slices");
        }
        RbspWriter out = new RbspWriter(slice.rbsp().length + 16);
        header(out, picture, firstMb, slice.intra(), slice.qpDelta());
        out.append(slice.rbsp(), slice.dataStartBit(), slice.dataEndBit());
        return nal(picture, out);
    }

    /** A P slice of {@code picture} from {@code firstMb} whose {@code count} macroblocks are all skipped. */
    byte[] writeSkipped(PictureId picture, int firstMb, int count) {
        if (picture.idr()) {
            throw new IllegalArgumentException("an IDR picture cannot skip macroblocks");
        }
        RbspWriter out = new RbspWriter(32);
        header(out, picture, firstMb, false, 0);
        out.ue(count); // mb_skip_run; no more_rbsp_data after it ends the slice
        return nal(picture, out);
    }

    private void header(RbspWriter out, PictureId picture, int firstMb, boolean intra, int qpDelta) {
        out.ue(firstMb);
        out.ue(intra ? SLICE_TYPE_I : SLICE_TYPE_P);
        out.ue(0); // pic_parameter_set_id
        out.u(picture.frameNum(), frameNumBits);
        if (picture.idr()) {
            out.ue(0); // idr_pic_id: the same in every slice of the picture
        }
        out.u(picture.picOrderCntLsb(), pocLsbBits);
        if (!intra) {
            out.u(0, 1); // num_ref_idx_active_override_flag: the PPS's one reference
            out.u(0, 1); // ref_pic_list_modification_flag_l0
        }
        if (picture.idr()) {
            out.u(0, 1); // no_output_of_prior_pics_flag
            out.u(0, 1); // long_term_reference_flag
        } else {
            out.u(0, 1); // adaptive_ref_pic_marking_mode_flag: sliding window
        }
        out.se(qpDelta);
        out.ue(DEBLOCK_INSIDE_SLICES_ONLY);
        out.se(0); // slice_alpha_c0_offset_div2
        out.se(0); // slice_beta_offset_div2
    }

    /** The NAL unit: header byte, then the RBSP (ended with its stop bit) with emulation prevention. */
    private static byte[] nal(PictureId picture, RbspWriter out) {
        ByteBuffer rbsp = ByteBuffer.wrap(out.finish());
        ByteBuffer nal = ByteBuffer.allocate(1 + rbsp.remaining() * 3 / 2 + 2);
        int type = picture.idr() ? NalUnitType.IDR_SLICE : NalUnitType.NON_IDR_SLICE;
        nal.put((byte) (NAL_REF_IDC << 5 | type));
        H264Utils.escapeNAL(rbsp, nal);
        return Arrays.copyOf(nal.array(), nal.position());
    }
}
