package camcloud.cloud.archive;

import camcloud.cloud.recording.Segment;
import camcloud.cloud.storage.VideoStore;
import camcloud.media.mp4.Mp4Export;
import camcloud.media.mp4.Mp4ExportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Recorded segments from the {@link VideoStore} as one progressive MP4, with {@link Mp4Export}'s
 * two passes: {@link #prepare} reads each file for its sample table (so the size is known before
 * the first byte is sent: the response has a {@code Content-Length}), {@link #writeTo} reads them
 * again and streams the samples. One segment file is in memory at a time.
 *
 * <p>The export holds whole segments: every segment overlapping the requested range, first to
 * last (segments start on keyframes, so cutting inside one would need re-encoding or an edit list
 * that not every player honours). Gaps are closed up (see {@link Mp4Export}).
 */
public final class SegmentExport {

    private final VideoStore store;
    private final List<Segment> segments;
    private final Mp4Export export = new Mp4Export();

    private SegmentExport(VideoStore store, List<Segment> segments) {
        this.store = store;
        this.segments = List.copyOf(segments);
    }

    /**
     * Pass 1.
     *
     * @throws Mp4ExportException when a segment is damaged or the codec changes within the range
     */
    public static SegmentExport prepare(VideoStore store, List<Segment> segments)
            throws IOException, Mp4ExportException {
        SegmentExport e = new SegmentExport(store, segments);
        for (Segment s : e.segments) {
            e.export.scan(e.read(s));
        }
        return e;
    }

    /** Bytes {@link #writeTo} will write. */
    public long size() throws Mp4ExportException {
        return export.fileSize();
    }

    public double durationSeconds() {
        return export.durationSeconds();
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

    private byte[] read(Segment s) throws IOException {
        try (InputStream in = store.read(s.storageKey(), 0, s.sizeBytes())) {
            return in.readAllBytes();
        }
    }
}
