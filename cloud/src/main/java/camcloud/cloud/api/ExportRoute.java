package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.archive.SegmentExport;
import camcloud.cloud.archive.TimeRange;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.ObjectStore;
import camcloud.media.mp4.Mp4ExportException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code GET /api/cameras/{serial}/export.mp4?from=&to=}: a range of recorded video as one MP4
 * download of the video the caller may see (see {@code ownership.CameraAccess}), at most
 * {@link #LONGEST} long. The file is the range cut to the frame, gaps closed up (see
 * {@link SegmentExport}); it is sent with its exact {@code Content-Length}.
 * A range with no video is 404; a range across a change of resolution or codec is 409.
 */
final class ExportRoute {

    static final Duration LONGEST = Duration.ofHours(24);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SegmentIndex index;
    private final ObjectStore store;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;

    ExportRoute(VideoServices video, CameraAccessCheck access, SignedIn signedIn) {
        this.index = video.segments();
        this.store = video.store();
        this.access = access;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/export.mp4", this::export);
    }

    private void export(Context ctx) throws IOException, Mp4ExportException {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.any(user, ctx);
        String serial = camera.serial();
        TimeRange range = ArchiveRoutes.range(ctx, LONGEST);
        List<Segment> segments = camera.visible(index.segments(serial, range.fromMicros(), range.toMicros()));
        if (segments.isEmpty() || store == null) {
            throw ApiError.notFound("no recorded video between " + range.from() + " and " + range.to());
        }
        SegmentExport export;
        try {
            export = SegmentExport.prepare(store, segments, range);
        } catch (Mp4ExportException e) {
            throw ApiError.conflict("cannot export this range as one file: " + e.getMessage());
        }
        if (export.isEmpty()) {
            throw ApiError.notFound("no recorded video between " + range.from() + " and " + range.to());
        }
        ctx.contentType("video/mp4");
        ctx.header("Content-Disposition", "attachment; filename=\"" + serial.replaceAll("[^A-Za-z0-9_-]", "_")
                + "-" + FILE_TIME.format(range.from()) + ".mp4\"");
        ctx.res().setContentLengthLong(export.size());
        if (HeadAsGet.isHead(ctx)) {
            return; // the size needed the first pass; the second, which streams the video, is skipped
        }
        OutputStream out = ctx.res().getOutputStream();
        export.writeTo(out); // a failure now aborts the response: the client sees a short file, never a wrong one
    }
}
