package camcloud.media.fmp4;

import camcloud.media.h264.Avcc;
import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;

/**
 * Writes movie fragments ({@code [prft] moof mdat}) of the single video track: the bytes a live
 * viewer appends to its SourceBuffer and a recorder appends to a segment file. The one fragmenter of
 * the frame path: only the headers and the 4-byte AVCC length prefixes are written (into one small
 * pooled buffer); the NAL units stay the camera connection's bytes, as retained slices. Keeps the mfhd
 * sequence number, which must increase across the fragments of one stream.
 *
 * <p>Layout: {@code tfhd} with default-base-is-moof (CMAF), {@code tfdt} version 1 (64-bit decode
 * time), one {@code trun} version 0 with data offset and per-sample duration, size and flags (no
 * composition offsets: cameras send no B-frames).
 *
 * <p>Ownership: {@link #write} returns a new buffer the caller releases; it holds its own references
 * to the samples' bytes, so the caller may release those at once. Not thread-safe.
 */
public final class FragmentWriter {

    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400; // offset, duration, size, flags
    private static final int PRFT_SIZE = 32;
    private static final int MFHD_SIZE = 16;
    private static final int TFHD_SIZE = 16;
    private static final int TFDT_SIZE = 20;
    private static final int TRUN_HEADER = 20;
    private static final int TRUN_PER_SAMPLE = 12;

    private final ByteBufAllocator allocator;
    private long sequenceNumber;

    /** A writer whose first fragment is number 1: a new stream. */
    public FragmentWriter() {
        this(1);
    }

    /** A writer that goes on with fragments of a stream whose next fragment is {@code firstSequenceNumber}. */
    public FragmentWriter(long firstSequenceNumber) {
        this(firstSequenceNumber, ByteBufAllocator.DEFAULT);
    }

    /** @param allocator where the header buffers come from (pooled by default) */
    public FragmentWriter(long firstSequenceNumber, ByteBufAllocator allocator) {
        if (firstSequenceNumber < 1 || firstSequenceNumber > 0xffffffffL) {
            throw new IllegalArgumentException("mfhd sequence number must be in 1..2^32-1, was " + firstSequenceNumber);
        }
        this.sequenceNumber = firstSequenceNumber;
        this.allocator = allocator;
    }

    /**
     * One fragment holding {@code samples} in decode order, the first decoded at {@code baseDecodeTime}:
     * header bytes and slices of the samples' bytes, in order.
     *
     * @param prft the capture wall-clock time of the first sample, or null for none
     */
    public ByteBuf write(long baseDecodeTime, List<Sample> samples, ProducerReferenceTime prft) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one sample");
        }
        if (baseDecodeTime < 0) {
            throw new IllegalArgumentException("negative decode time " + baseDecodeTime);
        }
        long dataSize = 0;
        int nals = 0;
        for (Sample sample : samples) {
            dataSize += sample.index().avccSize();
            nals += sample.index().count();
        }
        if (dataSize + 8 > 0xffffffffL) {
            throw new IllegalArgumentException("fragment of " + dataSize + " bytes is too large for one mdat");
        }
        int trunSize = TRUN_HEADER + TRUN_PER_SAMPLE * samples.size();
        int trafSize = 8 + TFHD_SIZE + TFDT_SIZE + trunSize;
        int moofSize = 8 + MFHD_SIZE + trafSize;
        int headerSize = (prft == null ? 0 : PRFT_SIZE) + moofSize + 8;
        ByteBuf head = allocator.directBuffer(headerSize + Avcc.LENGTH_SIZE * nals);
        CompositeByteBuf fragment = allocator.compositeDirectBuffer(Math.max(2, 2 * nals));
        try {
            if (prft != null) {
                fullBox(head, PRFT_SIZE, "prft", 1, 0).writeInt(VideoTrack.TRACK_ID)
                        .writeLong(prft.ntpTimestamp()).writeLong(prft.mediaTime());
            }
            box(head, moofSize, "moof");
            fullBox(head, MFHD_SIZE, "mfhd", 0, 0).writeInt((int) sequenceNumber++);
            box(head, trafSize, "traf");
            fullBox(head, TFHD_SIZE, "tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF).writeInt(VideoTrack.TRACK_ID);
            fullBox(head, TFDT_SIZE, "tfdt", 1, 0).writeLong(baseDecodeTime);
            fullBox(head, trunSize, "trun", 0, TRUN_FLAGS).writeInt(samples.size()).writeInt(moofSize + 8);
            for (Sample sample : samples) {
                head.writeInt(sample.duration()).writeInt(sample.index().avccSize()).writeInt(sample.flags());
            }
            box(head, (int) (dataSize + 8), "mdat");
            // header, then per NAL unit: its length prefix (in head, after the header) and its bytes
            int prefixAt = headerSize;
            boolean first = true;
            for (Sample sample : samples) {
                NalIndex index = sample.index();
                ByteBuf bytes = sample.annexB();
                for (int i = 0; i < index.count(); i++) {
                    head.writeInt(index.length(i));
                    ByteBuf prefix = first ? head.retainedSlice(0, prefixAt + Avcc.LENGTH_SIZE)
                            : head.retainedSlice(prefixAt, Avcc.LENGTH_SIZE);
                    first = false;
                    prefixAt += Avcc.LENGTH_SIZE;
                    fragment.addComponent(true, prefix);
                    fragment.addComponent(true, bytes.retainedSlice(bytes.readerIndex() + index.offset(i),
                            index.length(i)));
                }
            }
            return fragment;
        } catch (RuntimeException e) {
            fragment.release();
            throw e;
        } finally {
            head.release();
        }
    }

    /** The mfhd sequence number the next fragment gets. */
    public long nextSequenceNumber() {
        return sequenceNumber;
    }

    private static ByteBuf box(ByteBuf out, int size, String type) {
        out.writeInt(size);
        for (int i = 0; i < 4; i++) {
            out.writeByte(type.charAt(i));
        }
        return out;
    }

    private static ByteBuf fullBox(ByteBuf out, int size, String type, int version, int flags) {
        return box(out, size, type).writeInt(version << 24 | flags);
    }
}
