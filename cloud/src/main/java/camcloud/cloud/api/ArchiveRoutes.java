package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.archive.ArchivePlaylist;
import camcloud.cloud.archive.ByteRangeRequest;
import camcloud.cloud.archive.RangeCompletion;
import camcloud.cloud.archive.TimeRange;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.ObjectStore;
import camcloud.media.fmp4.DecodeTimeShift;
import camcloud.media.fmp4.MalformedMp4Exception;
import camcloud.media.hls.PlaylistType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Recorded video as HLS, as far as the caller may see it (their ownerships of the camera; a viewer,
 * the current owner's — see {@code ownership.CameraAccess}): {@code GET /api/cameras/{serial}/archive.m3u8?from=&to=}
 * (the playlist, see {@link ArchivePlaylist}; complete or still growing, see {@link RangeCompletion})
 * and {@code GET /api/cameras/{serial}/segments/{id}}
 * (a segment file, {@code id} or {@code id.mp4}, with single byte ranges as the playlist's
 * byte-range addressing needs).
 */
final class ArchiveRoutes {

    /** The longest range one playlist covers. */
    static final Duration LONGEST_PLAYLIST = Duration.ofHours(24);

    private final SegmentIndex index;
    private final ObjectStore store;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final RangeCompletion completion;

    ArchiveRoutes(VideoServices video, CameraAccessCheck access, SignedIn signedIn, Clock clock) {
        this.index = video.segments();
        this.store = video.store();
        this.access = access;
        this.signedIn = signedIn;
        this.completion = new RangeCompletion(index, video.recording(), clock);
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/archive.m3u8", this::playlist);
        app.get("/api/cameras/{serial}/segments/{id}", this::segment);
    }

    private void playlist(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.any(user, ctx);
        String serial = camera.serial();
        TimeRange range = range(ctx, LONGEST_PLAYLIST);
        PlaylistType type = completion.of(serial, range); // first: the listing must hold what it counted on
        List<Segment> segments = camera.visible(index.segments(serial, range.fromMicros(), range.toMicros()));
        if (segments.isEmpty() && type == PlaylistType.VOD) { // an EVENT a player reloads ends, never turns 404
            throw ApiError.notFound("no recorded video between " + range.from() + " and " + range.to());
        }
        ctx.header("Cache-Control", "no-cache"); // a growing range changes from one request to the next
        ctx.contentType("application/vnd.apple.mpegurl").result(ArchivePlaylist.of(segments, type));
    }

    private void segment(Context ctx) throws IOException {
        User user = signedIn.require(ctx);
        Segment segment = segmentOf(ctx, access.any(user, ctx));
        long size = segment.sizeBytes();
        Optional<ByteRangeRequest> range;
        try {
            range = ByteRangeRequest.of(ctx.header("Range"), size);
        } catch (ByteRangeRequest.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            throw new ApiError416(e.getMessage());
        }
        long offset = range.map(ByteRangeRequest::offset).orElse(0L);
        long length = range.map(ByteRangeRequest::length).orElse(size);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "private, max-age=86400"); // a recorded segment never changes
        ctx.contentType("video/mp4");
        range.ifPresent(r -> ctx.status(206).header("Content-Range", r.contentRange(size)));
        ctx.res().setContentLengthLong(length);
        if (HeadAsGet.isHead(ctx)) {
            return; // the headers are the answer; the file is not read
        }
        byte[] served = onCameraTimeline(segment);
        OutputStream out = ctx.res().getOutputStream();
        out.write(served, (int) offset, (int) length);
        out.flush();
    }

    /**
     * The segment's bytes with its fragments on the camera's decode timeline: files start at 0 (so
     * they report their true length when read alone), players need consecutive segments to continue
     * each other. A segment is a few seconds, a few MiB at most, so it is shifted in memory.
     */
    private byte[] onCameraTimeline(Segment segment) throws IOException {
        byte[] bytes;
        try (InputStream in = store.read(segment.storageKey(), 0, segment.sizeBytes())) {
            bytes = in.readAllBytes();
        }
        try {
            long delta = segment.baseDecodeTime() - DecodeTimeShift.firstDecodeTime(bytes);
            return delta == 0 ? bytes : DecodeTimeShift.shift(bytes, delta);
        } catch (MalformedMp4Exception e) {
            throw new IOException("recorded segment " + segment.id() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The segment named in the path, if the caller may see it: else "unknown segment", like one that is not there. */
    private Segment segmentOf(Context ctx, CameraAccess camera) {
        long id;
        String name = ctx.pathParam("id");
        try {
            id = Long.parseLong(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("unknown segment");
        }
        if (store == null) {
            throw ApiError.notFound("unknown segment");
        }
        return index.segment(camera.serial(), id).filter(camera::sees)
                .orElseThrow(() -> ApiError.notFound("unknown segment"));
    }

    /** {@code from} and {@code to} query parameters, or a 400 naming what is wrong. */
    static TimeRange range(Context ctx, Duration longest) {
        try {
            return TimeRange.parse(ctx.queryParam("from"), ctx.queryParam("to"), longest);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** 416 Range Not Satisfiable, with the JSON error body of every refusal. */
    private static final class ApiError416 extends io.javalin.http.HttpResponseException {
        ApiError416(String message) {
            super(416, message);
        }
    }
}
