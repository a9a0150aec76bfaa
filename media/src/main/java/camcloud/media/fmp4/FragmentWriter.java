package camcloud.media.fmp4;

import java.util.List;

/**
 * Writes movie fragments ({@code [prft] moof mdat}) of the single video track: the bytes a live
 * viewer appends to its SourceBuffer and a recorder appends to a segment file. Keeps the
 * mfhd sequence number, which must increase across the fragments of one stream.
 *
 * <p>Layout: {@code tfhd} with default-base-is-moof (CMAF), {@code tfdt} version 1 (64-bit decode
 * time), one {@code trun} with data offset and per-sample duration, size and flags (and composition
 * offsets, version 1, only when a sample has one). Not thread-safe.
 */
public final class FragmentWriter {

    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_DATA_OFFSET = 0x000001;
    private static final int TRUN_DURATION = 0x000100;
    private static final int TRUN_SIZE = 0x000200;
    private static final int TRUN_FLAGS = 0x000400;
    private static final int TRUN_COMPOSITION_OFFSET = 0x000800;

    private long sequenceNumber;

    /** A writer whose first fragment is number 1: a new stream. */
    public FragmentWriter() {
        this(1);
    }

    /** A writer that goes on with fragments of a stream whose next fragment is {@code firstSequenceNumber}. */
    public FragmentWriter(long firstSequenceNumber) {
        if (firstSequenceNumber < 1 || firstSequenceNumber > 0xffffffffL) {
            throw new IllegalArgumentException("mfhd sequence number must be in 1..2^32-1, was " + firstSequenceNumber);
        }
        this.sequenceNumber = firstSequenceNumber;
    }

    /**
     * One fragment holding {@code samples} in decode order, the first decoded at {@code baseDecodeTime}.
     *
     * @param prft the capture wall-clock time of the first sample, or null for none
     */
    public byte[] write(long baseDecodeTime, List<Sample> samples, ProducerReferenceTime prft) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one sample");
        }
        if (baseDecodeTime < 0) {
            throw new IllegalArgumentException("negative decode time " + baseDecodeTime);
        }
        long dataSize = 0;
        boolean offsets = false;
        for (Sample sample : samples) {
            dataSize += sample.data().length;
            offsets |= sample.compositionOffset() != 0;
        }
        if (dataSize + 8 > 0xffffffffL) {
            throw new IllegalArgumentException("fragment of " + dataSize + " bytes is too large for one mdat");
        }
        BoxWriter w = new BoxWriter((int) dataSize + 128 + samples.size() * 16);
        if (prft != null) {
            prft.write(w);
        }
        int moofStart = w.size();
        w.start("moof");
        w.startFull("mfhd", 0, 0).u32(sequenceNumber++).end();
        w.start("traf");
        w.startFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF).u32(VideoTrack.TRACK_ID).end();
        w.startFull("tfdt", 1, 0).u64(baseDecodeTime).end();
        int trunFlags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS
                | (offsets ? TRUN_COMPOSITION_OFFSET : 0);
        w.startFull("trun", offsets ? 1 : 0, trunFlags).u32(samples.size());
        int dataOffsetAt = w.size();
        w.u32(0); // data_offset, patched below
        for (Sample sample : samples) {
            w.u32(sample.duration()).u32(sample.data().length).u32(sample.flags());
            if (offsets) {
                w.u32(sample.compositionOffset());
            }
        }
        w.end().end().end(); // trun, traf, moof
        int moofSize = w.size() - moofStart;
        w.u32(dataSize + 8).fourcc("mdat");
        for (Sample sample : samples) {
            w.bytes(sample.data());
        }
        byte[] bytes = w.toByteArray();
        int dataOffset = moofSize + 8;
        bytes[dataOffsetAt] = (byte) (dataOffset >>> 24);
        bytes[dataOffsetAt + 1] = (byte) (dataOffset >>> 16);
        bytes[dataOffsetAt + 2] = (byte) (dataOffset >>> 8);
        bytes[dataOffsetAt + 3] = (byte) dataOffset;
        return bytes;
    }

    /** The mfhd sequence number the next fragment gets. */
    public long nextSequenceNumber() {
        return sequenceNumber;
    }
}
