package camcloud.cloud.archive;

import camcloud.cloud.recording.Segment;
import camcloud.cloud.storage.ObjectStore;
import camcloud.media.mp4.Mp4Export;
import camcloud.media.mp4.Mp4ExportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A time range of recorded video from the {@link ObjectStore} as one progressive MP4, cut to the
 * frame, with {@link Mp4Export}'s two passes: {@link #prepare} reads each file for its sample table
 * (so the size is known before the first byte is sent: the response has a {@code Content-Length}),
 * {@link #writeTo} reads them again and streams the samples. One segment file is in memory at a
 * time.
 *
 * <p>What the file holds: the frames from the keyframe at or before {@code from} (an edit list
 * hides the pre-roll, so players start at {@code from}) to the last frame before {@code to}; its
 * {@code creation_time} is when its first presented frame was recorded (cloud time, to the second).
 * Gaps inside the range are closed up (see {@link Mp4Export}): the file's duration is the recorded
 * duration, and its {@code comment} says what it holds and which stretches were not recorded, in
 * cloud time, so nobody takes the file's own clock for the wall clock across a gap.
 */
public final class SegmentExport {

    /** A stretch of the range with no recorded video, closed up in the file. */
    public record Gap(Instant from, Instant to) {
    }

    /** The recorder's decode timeline: cloud time in 90 kHz ticks (see {@link Segment#baseDecodeTime()}). */
    private static final int TIMELINE_TIMESCALE = 90_000;
    /** Gaps listed by name in the comment; more are counted. */
    private static final int GAPS_NAMED = 20;

    private final ObjectStore store;
    private final List<Segment> segments;
    private final Mp4Export export;

    private SegmentExport(ObjectStore store, List<Segment> segments, Mp4Export export) {
        this.store = store;
        this.segments = List.copyOf(segments);
        this.export = export;
    }

    /**
     * Pass 1.
     *
     * @param segments the camera's segments overlapping {@code range}, in time order
     * @throws Mp4ExportException when a segment is damaged or the codec changes within the range
     */
    public static SegmentExport prepare(ObjectStore store, List<Segment> segments, TimeRange range)
            throws IOException, Mp4ExportException {
        // 'from' rounds down and 'to' up to a tick, so every segment the index says overlaps the
        // range gives the export at least one frame.
        Mp4Export export = new Mp4Export(Math.floorDiv(range.fromMicros() * 9, 100),
                -Math.floorDiv(-range.toMicros() * 9, 100));
        SegmentExport e = new SegmentExport(store, segments, export);
        for (Segment s : e.segments) {
            if (s.timescale() != TIMELINE_TIMESCALE) {
                throw new Mp4ExportException("segment " + s.id() + " has timescale " + s.timescale()
                        + "; recordings use 90 kHz");
            }
            export.scan(e.read(s), s.baseDecodeTime());
        }
        if (export.frames() > 0) {
            export.createdAt(instantOf(export.firstPresentedTicks()));
            export.comment(e.note());
        }
        return e;
    }

    /** The range holds no recorded frame (nothing to send). */
    public boolean isEmpty() {
        return export.frames() == 0;
    }

    /** Bytes {@link #writeTo} will write. */
    public long size() throws Mp4ExportException {
        return export.fileSize();
    }

    /** Seconds players present. */
    public double durationSeconds() {
        return export.durationSeconds();
    }

    /** When the first presented frame was recorded. */
    public Instant firstFrame() {
        return instantOf(export.firstPresentedTicks());
    }

    /** When the last frame ends. */
    public Instant end() {
        return instantOf(export.lastPresentedTicks());
    }

    /** Stretches of the range with no recorded video that the file closes up, in time order. */
    public List<Gap> gaps() {
        return export.gaps().stream().map(g -> new Gap(instantOf(g.fromTicks()), instantOf(g.toTicks()))).toList();
    }

    /** Pass 2: the whole file. */
    public void writeTo(OutputStream out) throws IOException, Mp4ExportException {
        export.writeHeader(out);
        for (Segment s : segments) {
            export.writeMedia(read(s), out);
        }
        export.finish();
        out.flush();
    }

    /** The MP4's comment: camera, recorded span and the stretches closed up. */
    private String note() {
        StringBuilder note = new StringBuilder(256);
        note.append("camcloud export of camera ").append(segments.get(0).cameraSerial()).append(": recorded ")
                .append(firstFrame()).append(" to ").append(end()).append(" (cloud time)");
        List<Gap> gaps = gaps();
        if (gaps.isEmpty()) {
            return note.append(", continuous.").toString();
        }
        note.append("; ").append(gaps.size()).append(gaps.size() == 1 ? " gap" : " gaps")
                .append(" with no video, closed up in this file:");
        for (int i = 0; i < Math.min(gaps.size(), GAPS_NAMED); i++) {
            Gap g = gaps.get(i);
            note.append(i == 0 ? " " : ", ").append(g.from()).append(" to ").append(g.to()).append(String.format(
                    Locale.ROOT, " (%.1f s)", (g.to().toEpochMilli() - g.from().toEpochMilli()) / 1000.0));
        }
        if (gaps.size() > GAPS_NAMED) {
            note.append(" and ").append(gaps.size() - GAPS_NAMED).append(" more");
        }
        return note.append('.').toString();
    }

    private static Instant instantOf(long ticks) {
        return TimeRange.instantOfMicros(Math.floorDiv(ticks * 100, 9));
    }

    private byte[] read(Segment s) throws IOException {
        try (InputStream in = store.read(s.storageKey(), 0, s.sizeBytes())) {
            return in.readAllBytes();
        }
    }
}
