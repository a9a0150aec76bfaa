package camcloud.media.mp4;

import camcloud.media.fmp4.BoxWriter;
import java.util.Arrays;

/**
 * The sample table of a progressive MP4 (14496-12 8.5-8.7) collected sample by sample: sizes,
 * durations, sync samples, composition offsets and chunks. Kept in primitive arrays — about 12
 * bytes a sample, so an hour at 25 fps is about 1 MB — and written as the run-length-coded boxes.
 */
final class SampleTable {

    private int count;
    private int[] sizes = new int[1024];
    private int[] durations = new int[1024];
    private int[] offsets = new int[1024];
    private boolean[] sync = new boolean[1024];
    private boolean anyOffset;
    private boolean allSync = true;
    private int chunkCount;
    private int[] chunkSamples = new int[64];
    private long[] chunkBytes = new long[64];
    private long mediaBytes;
    private long durationTicks;

    void startChunk() {
        if (chunkCount == chunkSamples.length) {
            chunkSamples = Arrays.copyOf(chunkSamples, chunkCount * 2);
            chunkBytes = Arrays.copyOf(chunkBytes, chunkCount * 2);
        }
        chunkCount++;
    }

    void add(int size, int duration, boolean keyframe, int compositionOffset) {
        if (count == sizes.length) {
            int grown = count * 2;
            sizes = Arrays.copyOf(sizes, grown);
            durations = Arrays.copyOf(durations, grown);
            offsets = Arrays.copyOf(offsets, grown);
            sync = Arrays.copyOf(sync, grown);
        }
        sizes[count] = size;
        durations[count] = duration;
        offsets[count] = compositionOffset;
        sync[count] = keyframe;
        anyOffset |= compositionOffset != 0;
        allSync &= keyframe;
        count++;
        chunkSamples[chunkCount - 1]++;
        chunkBytes[chunkCount - 1] += size;
        mediaBytes += size;
        durationTicks += duration;
    }

    int count() {
        return count;
    }

    int size(int sample) {
        return sizes[sample];
    }

    long mediaBytes() {
        return mediaBytes;
    }

    long durationTicks() {
        return durationTicks;
    }

    /** stts, ctts, stss, stsc, stsz and stco/co64, chunks starting at {@code firstChunkOffset}. */
    void write(BoxWriter w, long firstChunkOffset, boolean co64) {
        writeRuns(w, "stts", 0, durations);
        if (anyOffset) {
            writeRuns(w, "ctts", 1, offsets);
        }
        if (!allSync) {
            int syncCount = 0;
            for (int i = 0; i < count; i++) {
                syncCount += sync[i] ? 1 : 0;
            }
            w.startFull("stss", 0, 0).u32(syncCount);
            for (int i = 0; i < count; i++) {
                if (sync[i]) {
                    w.u32(i + 1);
                }
            }
            w.end();
        }
        writeStsc(w);
        w.startFull("stsz", 0, 0).u32(0).u32(count);
        for (int i = 0; i < count; i++) {
            w.u32(sizes[i] & 0xffffffffL);
        }
        w.end();
        w.startFull(co64 ? "co64" : "stco", 0, 0).u32(chunkCount);
        long offset = firstChunkOffset;
        for (int c = 0; c < chunkCount; c++) {
            if (co64) {
                w.u64(offset);
            } else {
                w.u32(offset);
            }
            offset += chunkBytes[c];
        }
        w.end();
    }

    private void writeStsc(BoxWriter w) {
        int entries = 0;
        for (int c = 0; c < chunkCount; c++) {
            if (c == 0 || chunkSamples[c] != chunkSamples[c - 1]) {
                entries++;
            }
        }
        w.startFull("stsc", 0, 0).u32(entries);
        for (int c = 0; c < chunkCount; c++) {
            if (c == 0 || chunkSamples[c] != chunkSamples[c - 1]) {
                w.u32(c + 1).u32(chunkSamples[c]).u32(1);
            }
        }
        w.end();
    }

    /** A run-length box of (sample_count, value) pairs: stts, or ctts version 1 (signed). */
    private void writeRuns(BoxWriter w, String type, int version, int[] values) {
        int runs = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                runs++;
            }
        }
        w.startFull(type, version, 0).u32(runs);
        int i = 0;
        while (i < count) {
            int j = i;
            while (j < count && values[j] == values[i]) {
                j++;
            }
            w.u32(j - i).u32(values[i] & 0xffffffffL);
            i = j;
        }
        w.end();
    }
}
