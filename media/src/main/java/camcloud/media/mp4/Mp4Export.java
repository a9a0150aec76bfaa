package camcloud.media.mp4;

import camcloud.media.fmp4.BoxWriter;
import camcloud.media.fmp4.MalformedMp4Exception;
import camcloud.media.fmp4.MovieBoxes;
import camcloud.media.fmp4.SampleRef;
import camcloud.media.fmp4.SegmentReader;
import camcloud.media.fmp4.TrackInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a time range out of recorded fMP4 segments into one progressive MP4 ({@code ftyp moov mdat},
 * moov first so it plays while downloading) whose duration every player reports, streaming: two
 * passes over the segments, one at a time, so an hour of video is never in memory at once.
 *
 * <pre>{@code
 * Mp4Export export = new Mp4Export(fromTicks, toTicks);                 // [from, to) on the timeline
 * for (Segment s : segments) export.scan(bytesOf(s), s.timelineStart()); // pass 1: sample tables only
 * export.createdAt(wallClockOf(export.firstPresentedTicks()));           // optional: creation_time
 * export.writeHeader(response);                                          // ftyp + moov + mdat header
 * for (Segment s : segments) export.writeMedia(bytesOf(s), response);    // pass 2: sample bytes
 * export.finish();
 * }</pre>
 *
 * <p>Cut to the frame ({@link RangeCut}): the file holds the samples from the keyframe at or before
 * {@code from} to the last frame that starts before {@code to} (its duration cut to end at
 * {@code to}). When {@code from} falls after that keyframe, an edit list ({@code edts/elst}, one
 * edit whose {@code media_time} skips the pre-roll) makes players present from {@code from}: the
 * pre-roll frames are decoded but not shown, and the reported duration is {@code to - from}.
 *
 * <p>Gaps between segments are closed up: the frames after a gap follow the frames before it, so a
 * range with a one-hour hole does not become a file with an hour of frozen picture (nor one whose
 * middle only some players skip, as with empty edits). The file's duration is then the recorded
 * duration; {@link #gaps()} says where the holes were, for the caller to note (e.g. with
 * {@link #comment}). Segments may each carry their init segment, or the first may be a lone init
 * segment followed by fragment-only segments; all must share one codec configuration. Not
 * thread-safe.
 */
public final class Mp4Export {

    private static final byte[] COMMENT_TYPE = {(byte) 0xa9, 'c', 'm', 't'};
    /** ISO 639-2 "und" packed as in mdhd: text is UTF-8 (a Macintosh language code would mean Mac Roman). */
    private static final int LANGUAGE_UND = 0x55c4;

    /**
     * A hole in the recording that the export closed up, in timeline ticks: the frames before it end
     * at {@code fromTicks}, the next one starts at {@code toTicks}.
     */
    public record Gap(long fromTicks, long toTicks) {
    }

    private final SampleTable table = new SampleTable();
    private final RangeCut range;
    private final List<RangeCut.Cut> cuts = new ArrayList<>();
    private TrackInfo track;
    private int segmentsScanned;
    private boolean headerWritten;
    private TrackInfo writeTrack;
    private int samplesWritten;
    private int segmentsWritten;
    private long bytesWritten;
    private long creationTime;
    private String comment;

    /** An export of everything scanned, whole. */
    public Mp4Export() {
        this(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * An export of {@code [fromTicks, toTicks)}: ticks of the track timescale on the timeline the
     * segments' places are given on (see {@link #scan(byte[], long)}).
     */
    public Mp4Export(long fromTicks, long toTicks) {
        this.range = new RangeCut(fromTicks, toTicks);
    }

    /**
     * Pass 1: reads the sample table of the next segment (in time order), its samples on the
     * timeline of their own decode times.
     *
     * @throws Mp4ExportException when the segment is damaged or its codec differs from the others
     */
    public void scan(byte[] segment) throws Mp4ExportException {
        scan(segment, null);
    }

    /**
     * Pass 1: reads the sample table of the next segment (in time order) whose first sample sits
     * at {@code timelineStart} (e.g. a recording's place on the camera's decode timeline, whatever
     * decode time the file itself starts at).
     *
     * @throws Mp4ExportException when the segment is damaged or its codec differs from the others
     */
    public void scan(byte[] segment, long timelineStart) throws Mp4ExportException {
        scan(segment, Long.valueOf(timelineStart));
    }

    private void scan(byte[] segment, Long timelineStart) throws Mp4ExportException {
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
        List<SampleRef> samples = contents.samples();
        long start = timelineStart != null ? timelineStart : samples.isEmpty() ? 0 : samples.get(0).decodeTime();
        RangeCut.Cut cut;
        try {
            cut = range.next(samples, start, track.timescale() / 2);
        } catch (Mp4ExportException e) {
            throw new Mp4ExportException("segment " + segmentsScanned + ": " + e.getMessage(), e);
        }
        cuts.add(cut);
        if (cut.isEmpty()) {
            return;
        }
        table.startChunk();
        for (int i = cut.first(); i < cut.end(); i++) {
            SampleRef sample = samples.get(i);
            long duration = cut.duration(i, sample);
            if (duration > Integer.MAX_VALUE) {
                throw new Mp4ExportException("segment " + segmentsScanned + " has a sample lasting " + duration
                        + " ticks");
            }
            table.add(sample.size(), (int) duration, sample.keyframe(), sample.compositionOffset());
        }
    }

    /** Frames the file holds, pre-roll included. */
    public int frames() {
        return table.count();
    }

    /** Duration players present, in the track timescale: the samples minus the pre-roll. */
    public long durationTicks() {
        return table.durationTicks() - range.preroll();
    }

    /** Duration players present, in seconds. */
    public double durationSeconds() {
        return track == null ? 0 : durationTicks() / (double) track.timescale();
    }

    /** Ticks of pre-roll: frames decoded before {@code from} and hidden by the edit list. */
    public long prerollTicks() {
        return range.preroll();
    }

    /**
     * Where the first presented frame starts on the timeline: {@code from}, or the first recorded
     * frame after it.
     *
     * @throws IllegalStateException when no sample was scanned
     */
    public long firstPresentedTicks() {
        requireSamples();
        return range.firstPresented();
    }

    /** Where the last frame ends on the timeline ({@code to} when recording went on past it). */
    public long lastPresentedTicks() {
        requireSamples();
        return range.end();
    }

    /** The holes between the scanned segments that the export closes up, in time order. */
    public List<Gap> gaps() {
        return range.gaps();
    }

    /** The track timescale (ticks per second), once a segment was scanned. */
    public int timescale() {
        requireSamples();
        return track.timescale();
    }

    /**
     * Sets the {@code creation_time} (and modification time) of the movie, track and media
     * headers: when the first presented frame was recorded. Call before {@link #writeHeader}.
     */
    public void createdAt(Instant recorded) {
        long seconds = recorded.getEpochSecond() + MovieBoxes.MP4_EPOCH_OFFSET_SECONDS;
        if (seconds < 0) {
            throw new IllegalArgumentException("creation time " + recorded + " is before 1904");
        }
        creationTime = seconds;
    }

    /**
     * A human-readable note stored in the movie's user data ({@code udta/©cmt}, which ffprobe shows
     * as the {@code comment} tag), e.g. which gaps were closed up. Call before {@link #writeHeader}.
     */
    public void comment(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > 0xffff) {
            throw new IllegalArgumentException("comment longer than 65535 bytes");
        }
        comment = text;
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
     * Pass 2: copies the selected sample bytes of the next segment; segments must be the same, in
     * the same order, as in pass 1.
     */
    public void writeMedia(byte[] segment, OutputStream out) throws IOException, Mp4ExportException {
        if (!headerWritten) {
            throw new IllegalStateException("writeMedia() before writeHeader()");
        }
        SegmentReader.Contents contents = read(segment, writeTrack, ++segmentsWritten);
        writeTrack = contents.track();
        if (segmentsWritten > cuts.size()) {
            throw new Mp4ExportException("pass 2 has more segments than pass 1 (" + cuts.size()
                    + "): give writeMedia() the segments given to scan(), in the same order");
        }
        RangeCut.Cut cut = cuts.get(segmentsWritten - 1);
        List<SampleRef> samples = contents.samples();
        for (int i = cut.first(); i < cut.end(); i++) {
            SampleRef sample = i < samples.size() ? samples.get(i) : null;
            if (sample == null || samplesWritten >= table.count() || table.size(samplesWritten) != sample.size()) {
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
        long mediaTicks = table.durationTicks();
        long movieDuration = MovieBoxes.movieDuration(durationTicks(), track.timescale());
        BoxWriter w = new BoxWriter(1024 + table.count() * 6);
        w.start("moov");
        MovieBoxes.writeMvhd(w, movieDuration, creationTime);
        w.start("trak");
        MovieBoxes.writeTkhd(w, track.track(), movieDuration, creationTime);
        if (range.preroll() > 0) {
            // One edit: present the media from `from` on. ffmpeg, browsers, VLC and QuickTime honour
            // a single edit's media_time; the frames before it are decoded, never shown.
            w.start("edts").startFull("elst", 1, 0).u32(1);
            w.u64(movieDuration).u64(range.preroll()).u16(1).u16(0); // segment_duration, media_time, rate 1.0
            w.end().end();
        }
        w.start("mdia");
        MovieBoxes.writeMdhd(w, track.timescale(), mediaTicks, creationTime);
        MovieBoxes.writeHdlr(w);
        w.start("minf");
        MovieBoxes.writeVmhdDinf(w);
        w.start("stbl");
        MovieBoxes.writeStsd(w, track.track());
        table.write(w, firstChunkOffset, co64);
        w.end().end().end().end(); // stbl, minf, mdia, trak
        if (comment != null) {
            byte[] text = comment.getBytes(StandardCharsets.UTF_8);
            // A QuickTime user-data text item: size, type 0xA9 "cmt", text length, language, text.
            w.start("udta").u32(12 + text.length).bytes(COMMENT_TYPE).u16(text.length).u16(LANGUAGE_UND).bytes(text);
            w.end();
        }
        w.end(); // moov
        return w.toByteArray();
    }

    private void requireSamples() {
        if (table.count() == 0) {
            throw new IllegalStateException("no sample of the range was scanned");
        }
    }

    private static SegmentReader.Contents read(byte[] segment, TrackInfo known, int index) throws Mp4ExportException {
        try {
            return SegmentReader.read(segment, known);
        } catch (MalformedMp4Exception e) {
            throw new Mp4ExportException("segment " + index + " is damaged: " + e.getMessage(), e);
        }
    }
}
