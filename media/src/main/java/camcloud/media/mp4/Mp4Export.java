package camcloud.media.mp4;

import camcloud.media.fmp4.BoxWriter;
import camcloud.media.fmp4.MalformedMp4Exception;
import camcloud.media.fmp4.MovieBoxes;
import camcloud.media.fmp4.SampleRef;
import camcloud.media.fmp4.SegmentReader;
import camcloud.media.fmp4.TrackInfo;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Joins recorded fMP4 segments into one progressive MP4 ({@code ftyp moov mdat}, moov first so it
 * plays while downloading) whose duration every player reports, streaming: two passes over the
 * segments, one at a time, so an hour of video is never in memory at once.
 *
 * <pre>{@code
 * Mp4Export export = new Mp4Export();
 * for (Path p : segments) export.scan(Files.readAllBytes(p));      // pass 1: sample tables only
 * export.writeHeader(response);                                      // ftyp + moov + mdat header
 * for (Path p : segments) export.writeMedia(Files.readAllBytes(p), response); // pass 2: sample bytes
 * export.finish();
 * }</pre>
 *
 * Segments may each carry their init segment, or the first may be a lone init segment followed by
 * fragment-only segments; all must share one codec configuration. Gaps between segments are
 * closed up: the file's duration is the sum of the recorded durations, so a range with a one-hour
 * hole does not become a file with an hour of frozen picture. Not thread-safe.
 */
public final class Mp4Export {

    private final SampleTable table = new SampleTable();
    private TrackInfo track;
    private int segmentsScanned;
    private boolean headerWritten;
    private TrackInfo writeTrack;
    private int samplesWritten;
    private int segmentsWritten;
    private long bytesWritten;

    /**
     * Pass 1: reads the sample table of the next segment (in time order).
     *
     * @throws Mp4ExportException when the segment is damaged or its codec differs from the others
     */
    public void scan(byte[] segment) throws Mp4ExportException {
        if (headerWritten) {
            throw new IllegalStateException("scan() after writeHeader(): the header already describes every sample");
        }
        SegmentReader.Contents contents = read(segment, track, ++segmentsScanned);
        if (track != null && !track.track().sameConfiguration(contents.track().track())) {
            throw new Mp4ExportException("segment " + segmentsScanned + " has a different codec configuration ("
                    + contents.track().track().codecString() + " " + contents.track().track().width() + "x"
                    + contents.track().track().height() + ") than the first (" + track.track().codecString() + " "
                    + track.track().width() + "x" + track.track().height() + "); export the ranges separately");
        }
        track = contents.track();
        if (contents.samples().isEmpty()) {
            return;
        }
        if (table.count() == 0 && !contents.samples().get(0).keyframe()) {
            throw new Mp4ExportException("the first segment does not start with a keyframe");
        }
        table.startChunk();
        for (SampleRef sample : contents.samples()) {
            if (sample.duration() > Integer.MAX_VALUE) {
                throw new Mp4ExportException("segment " + segmentsScanned + " has a sample lasting "
                        + sample.duration() + " ticks");
            }
            table.add(sample.size(), (int) sample.duration(), sample.keyframe(), sample.compositionOffset());
        }
    }

    /** Total duration of the scanned samples, in the track timescale. */
    public long durationTicks() {
        return table.durationTicks();
    }

    /** Total duration in seconds. */
    public double durationSeconds() {
        return track == null ? 0 : table.durationTicks() / (double) track.timescale();
    }

    /** The size of the file that will be written, in bytes. */
    public long fileSize() throws Mp4ExportException {
        return header().length + table.mediaBytes();
    }

    /** Writes ftyp, moov and the mdat header; call after the last {@link #scan}. */
    public void writeHeader(OutputStream out) throws IOException, Mp4ExportException {
        byte[] header = header();
        out.write(header);
        headerWritten = true;
    }

    /**
     * Pass 2: copies the sample bytes of the next segment; segments must be the same, in the same
     * order, as in pass 1.
     */
    public void writeMedia(byte[] segment, OutputStream out) throws IOException, Mp4ExportException {
        if (!headerWritten) {
            throw new IllegalStateException("writeMedia() before writeHeader()");
        }
        SegmentReader.Contents contents = read(segment, writeTrack, ++segmentsWritten);
        writeTrack = contents.track();
        for (SampleRef sample : contents.samples()) {
            if (samplesWritten >= table.count() || table.size(samplesWritten) != sample.size()) {
                throw new Mp4ExportException("pass 2 differs from pass 1 at sample " + (samplesWritten + 1)
                        + ": give writeMedia() the segments given to scan(), in the same order");
            }
            out.write(segment, sample.offset(), sample.size());
            samplesWritten++;
            bytesWritten += sample.size();
        }
    }

    /** Checks that pass 2 wrote every sample pass 1 announced. */
    public void finish() throws Mp4ExportException {
        if (samplesWritten != table.count() || bytesWritten != table.mediaBytes()) {
            throw new Mp4ExportException("export incomplete: wrote " + samplesWritten + " of " + table.count()
                    + " samples; the file is truncated");
        }
    }

    private byte[] header() throws Mp4ExportException {
        if (track == null || table.count() == 0) {
            throw new Mp4ExportException("nothing to export: no samples were scanned");
        }
        byte[] ftyp = new BoxWriter(32).start("ftyp").fourcc("isom").u32(0x200)
                .fourcc("isom").fourcc("iso2").fourcc("avc1").fourcc("mp41").end().toByteArray();
        boolean largeMdat = table.mediaBytes() + 8 > 0xffffffffL;
        int mdatHeader = largeMdat ? 16 : 8;
        byte[] probe = moov(0, false);
        boolean co64 = ftyp.length + probe.length + mdatHeader + table.mediaBytes() > 0xffffffffL;
        int moovSize = moov(0, co64).length;
        byte[] moov = moov(ftyp.length + moovSize + mdatHeader, co64);
        BoxWriter w = new BoxWriter(ftyp.length + moov.length + mdatHeader);
        w.bytes(ftyp).bytes(moov);
        if (largeMdat) {
            w.u32(1).fourcc("mdat").u64(table.mediaBytes() + 16);
        } else {
            w.u32(table.mediaBytes() + 8).fourcc("mdat");
        }
        return w.toByteArray();
    }

    private byte[] moov(long firstChunkOffset, boolean co64) {
        long ticks = table.durationTicks();
        long movieDuration = MovieBoxes.movieDuration(ticks, track.timescale());
        BoxWriter w = new BoxWriter(1024 + table.count() * 6);
        w.start("moov");
        MovieBoxes.writeMvhd(w, movieDuration);
        w.start("trak");
        MovieBoxes.writeTkhd(w, track.track(), movieDuration);
        w.start("mdia");
        MovieBoxes.writeMdhd(w, track.timescale(), ticks);
        MovieBoxes.writeHdlr(w);
        w.start("minf");
        MovieBoxes.writeVmhdDinf(w);
        w.start("stbl");
        MovieBoxes.writeStsd(w, track.track());
        table.write(w, firstChunkOffset, co64);
        w.end().end().end().end().end(); // stbl, minf, mdia, trak, moov
        return w.toByteArray();
    }

    private static SegmentReader.Contents read(byte[] segment, TrackInfo known, int index) throws Mp4ExportException {
        try {
            return SegmentReader.read(segment, known);
        } catch (MalformedMp4Exception e) {
            throw new Mp4ExportException("segment " + index + " is damaged: " + e.getMessage(), e);
        }
    }
}
