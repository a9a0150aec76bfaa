package camcloud.device.video;

import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.decode.CAVLCReader;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.io.BitReader;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A slice JCodec encoded as a whole picture of its own, taken apart so that its macroblocks can be
 * placed anywhere in another picture: the few header values worth keeping and the slice data bits
 * (everything between the header and the {@code rbsp_stop_one_bit}).
 *
 * <p>Why macroblock data can move at all: a CAVLC slice's macroblocks depend on their neighbours
 * (intra prediction, motion-vector prediction, the {@code nC} context of every coefficient token)
 * only inside the slice, and a slice that starts at the left of a macroblock row sees no neighbour
 * above or left of itself — exactly what the top row of a picture sees. So the data of a picture
 * {@code k} rows high is valid, bit for bit, as a slice covering {@code k} rows of a taller picture
 * of the same width. What does not move is what the header says, which {@link SliceWriter} writes
 * anew, and what inter prediction reads from the reference picture, which {@link PictureSplit}
 * keeps apart.
 *
 * <p>Only the header JCodec 0.2.5 writes is accepted (Baseline, CAVLC, one slice, POC type 0, no
 * deblocking control, no reference list changes); anything else fails loudly, because splicing a
 * header we do not understand would make a stream that decodes to garbage.
 *
 * @param picture  the picture the encoder meant the slice for (its own frame_num and POC)
 * @param intra    an I slice; otherwise a P slice
 * @param qpDelta  {@code slice_qp_delta}: the data's first macroblock QP is relative to it
 * @param rbsp     the slice's RBSP (unescaped, header byte removed); never mutated
 * @param dataStartBit first bit of the slice data in {@code rbsp}
 * @param dataEndBit   the {@code rbsp_stop_one_bit}'s position: the data ends before it
 */
record CodedSlice(PictureId picture, boolean intra, int qpDelta, byte[] rbsp, int dataStartBit, int dataEndBit) {

    private static final int SLICE_TYPE_P = 0;
    private static final int SLICE_TYPE_I = 2;

    /**
     * Parses one slice NAL unit (header byte and escaped payload, no start code) written by JCodec
     * with the parameter set {@code sps}.
     */
    static CodedSlice parse(byte[] nal, SeqParameterSet sps) {
        int type = nal[0] & 0x1f;
        if (type != NalUnitType.IDR_SLICE && type != NalUnitType.NON_IDR_SLICE) {
            throw unexpected("NAL unit type " + type + " where a slice was expected");
        }
        if (sps.picOrderCntType != 0 || !sps.frameMbsOnlyFlag) {
            throw unexpected("SPS with pic_order_cnt_type " + sps.picOrderCntType + ", frame_mbs_only "
                    + sps.frameMbsOnlyFlag);
        }
        boolean idr = type == NalUnitType.IDR_SLICE;
        ByteBuffer payload = ByteBuffer.wrap(Arrays.copyOfRange(nal, 1, nal.length));
        H264Utils.unescapeNAL(payload); // in place, on our copy
        byte[] rbsp = Arrays.copyOf(payload.array(), payload.limit());

        BitReader r = BitReader.createBitReader(ByteBuffer.wrap(rbsp));
        expect(CAVLCReader.readUE(r), 0, "first_mb_in_slice");
        int sliceType = CAVLCReader.readUE(r) % 5;
        if (sliceType != SLICE_TYPE_P && sliceType != SLICE_TYPE_I) {
            throw unexpected("slice_type " + sliceType);
        }
        expect(CAVLCReader.readUE(r), 0, "pic_parameter_set_id");
        int frameNum = r.readNBit(sps.log2MaxFrameNumMinus4 + 4);
        if (idr) {
            CAVLCReader.readUE(r); // idr_pic_id: the spliced picture writes its own
        }
        int poc = r.readNBit(sps.log2MaxPicOrderCntLsbMinus4 + 4);
        if (sliceType == SLICE_TYPE_P) {
            expect(r.read1Bit(), 0, "num_ref_idx_active_override_flag");
            expect(r.read1Bit(), 0, "ref_pic_list_modification_flag_l0");
        }
        if ((nal[0] & 0x60) != 0) {
            if (idr) {
                expect(r.read1Bit(), 0, "no_output_of_prior_pics_flag");
                expect(r.read1Bit(), 0, "long_term_reference_flag");
            } else {
                expect(r.read1Bit(), 0, "adaptive_ref_pic_marking_mode_flag");
            }
        }
        int qpDelta = CAVLCReader.readSE(r, "slice_qp_delta");
        int dataStart = r.position();
        int stopBit = stopBit(rbsp);
        if (stopBit < dataStart) {
            throw unexpected("slice without data");
        }
        return new CodedSlice(new PictureId(idr, frameNum, poc), sliceType == SLICE_TYPE_I, qpDelta, rbsp,
                dataStart, stopBit);
    }

    /** Reads an SPS NAL unit (header byte and escaped payload) as JCodec's model of it. */
    static SeqParameterSet readSps(byte[] nal) {
        ByteBuffer payload = ByteBuffer.wrap(Arrays.copyOfRange(nal, 1, nal.length));
        H264Utils.unescapeNAL(payload);
        return SeqParameterSet.read(payload);
    }

    /** Bits of macroblock data. */
    int dataBits() {
        return dataEndBit - dataStartBit;
    }

    /** Position of the last set bit, the {@code rbsp_stop_one_bit}. */
    private static int stopBit(byte[] rbsp) {
        for (int i = rbsp.length - 1; i >= 0; i--) {
            int b = rbsp[i] & 0xff;
            if (b != 0) {
                return i * 8 + 7 - Integer.numberOfTrailingZeros(b);
            }
        }
        throw unexpected("slice RBSP without a stop bit");
    }

    private static void expect(int value, int expected, String field) {
        if (value != expected) {
            throw unexpected(field + " = " + value + ", expected " + expected);
        }
    }

    private static IllegalStateException unexpected(String what) {
        return new IllegalStateException("JCodec wrote a slice we cannot splice: " + what);
    }
}
