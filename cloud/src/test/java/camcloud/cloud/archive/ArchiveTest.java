package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.Segment;
import camcloud.media.fmp4.DecodeTimeShift;
import camcloud.media.testing.Ffmpeg;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded video through the archive routes of a real node: three real 2 s segments (two
 * back to back, then a 6 s gap the recorder noted, then one more) played by ffmpeg through the
 * playlist, read by byte ranges, exported as one MP4 that ffprobe measures, shown on the timeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveTest {

    /** Yesterday, on the hour: a closed range, and no day boundary within the recording. */
    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    private static final long T0_MICROS = T0.toEpochMilli() * 1000;

    private Path dir;
    private VideoTestCloud video;
    private List<Segment> segments;

    @BeforeAll
    void record(@TempDir Path dir) throws Exception {
        this.dir = dir;
        video = VideoTestCloud.start(dir);
        Segment a = video.record(T0_MICROS, false);
        Segment b = video.record(T0_MICROS + 2_000_000, false);
        video.index.addGap(video.serial, T0_MICROS + 4_000_000, T0_MICROS + 10_000_000, "camera offline");
        Segment c = video.record(T0_MICROS + 10_000_000, true);
        segments = List.of(a, b, c);
    }

    @AfterAll
    void stop() {
        video.close();
    }

    private String range(String path) {
        return "/api/cameras/" + video.serial + "/" + path + "?from=" + q(T0.minusSeconds(60)) + "&to="
                + q(T0.plusSeconds(60));
    }

    @Test
    void playlistListsByteRangesWithProgramDateTimeAndADiscontinuityAtTheGapAndFfmpegPlaysIt() {
        ApiClient.Response r = video.owner.get(range("archive.m3u8"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/vnd.apple.mpegurl");
        String m3u8 = r.text();
        Segment first = segments.get(0);
        assertThat(m3u8).startsWith("#EXTM3U\n#EXT-X-VERSION:7\n")
                .contains("#EXT-X-MAP:URI=\"segments/" + first.id() + ".mp4\",BYTERANGE=\"" + first.initSize() + "@0\"")
                .contains("#EXT-X-BYTERANGE:" + (first.sizeBytes() - first.initSize()) + "@" + first.initSize())
                .contains("#EXT-X-PROGRAM-DATE-TIME:" + DateTimeFormatter.ISO_INSTANT.format(T0).replace("Z", ".000Z"))
                .contains("#EXT-X-PLAYLIST-TYPE:VOD")
                .endsWith("#EXT-X-ENDLIST\n");
        assertThat(m3u8.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(2);
        assertThat(m3u8.split("\n")).as("an init for the first run, and one after the flagged discontinuity")
                .filteredOn(l -> l.startsWith("#EXT-X-MAP")).containsExactly(
                        "#EXT-X-MAP:URI=\"segments/" + first.id() + ".mp4\",BYTERANGE=\"" + first.initSize() + "@0\"",
                        "#EXT-X-MAP:URI=\"segments/" + segments.get(2).id() + ".mp4\",BYTERANGE=\""
                                + segments.get(2).initSize() + "@0\"");
        assertThat(m3u8.indexOf("#EXT-X-DISCONTINUITY")).isGreaterThan(m3u8.indexOf("segments/" + segments.get(1).id()))
                .isLessThan(m3u8.indexOf("segments/" + segments.get(2).id()));

        FfmpegCheck.assumeAvailable();
        FfmpegCheck.assertPlaysCleanly(null, "-headers", "Cookie: " + video.ownerCookie + "\r\n",
                "-i", video.cloud.httpBase() + range("archive.m3u8"));
    }

    @Test
    void segmentsAreServedWholeAndByByteRange() throws Exception {
        Segment s = segments.get(1);
        byte[] onDisk;
        try (InputStream in = video.store().read(s.storageKey(), 0, s.sizeBytes())) {
            onDisk = in.readAllBytes();
        }
        assertThat(DecodeTimeShift.firstDecodeTime(onDisk)).as("files start at decode time 0").isZero();
        byte[] file = DecodeTimeShift.shift(onDisk, s.baseDecodeTime()); // served on the camera's timeline
        String path = "/api/cameras/" + video.serial + "/segments/" + s.id() + ".mp4";

        HttpResponse<byte[]> whole = get(path, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(file);
        assertThat(DecodeTimeShift.firstDecodeTime(whole.body())).isEqualTo(s.baseDecodeTime());
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Content-Encoding")).isEmpty();

        HttpResponse<byte[]> init = get(path, "bytes=0-" + (s.initSize() - 1));
        assertThat(init.statusCode()).isEqualTo(206);
        assertThat(init.headers().firstValue("Content-Range")).hasValue("bytes 0-" + (s.initSize() - 1) + "/" + file.length);
        assertThat(init.body()).isEqualTo(java.util.Arrays.copyOfRange(file, 0, (int) s.initSize()));

        HttpResponse<byte[]> rest = get(path, "bytes=" + s.initSize() + "-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(java.util.Arrays.copyOfRange(file, (int) s.initSize(), file.length));

        HttpResponse<byte[]> tail = get(path, "bytes=-10");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(file, file.length - 10, file.length));

        assertThat(get(path, "bytes=" + file.length + "-").statusCode()).isEqualTo(416);
        assertThat(get("/api/cameras/" + video.serial + "/segments/999999", null).statusCode()).isEqualTo(404);
    }

    @Test
    void exportIsOneMp4WhoseDurationIsTheRecordedDuration() throws Exception {
        HttpResponse<byte[]> r = get(range("export.mp4"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("video/mp4"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment; filename=\"" + video.serial));
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        Path mp4 = dir.resolve("export.mp4");
        Files.write(mp4, r.body());
        double recorded = segments.stream().mapToLong(Segment::durationTicks).sum() / 90_000.0;

        FfmpegCheck.assumeAvailable();
        assertThat(FfmpegCheck.duration(mp4.toString())).isCloseTo(recorded, org.assertj.core.data.Offset.offset(0.04));
        FfmpegCheck.assertPlaysCleanly(null, "-i", mp4.toString());
    }

    /**
     * 1.52 s to 3.72 s: the keyframe of 1 s and the frames after it are in the file for the decoder,
     * the edit list starts presentation at 1.52 s, the last frame is the one of 3.68 s; the file
     * says when its first presented frame was recorded.
     */
    @Test
    void exportOfARangeIsCutToTheFrameAndCarriesItsRecordingTime() throws Exception {
        Instant from = T0.plusMillis(1_520);
        HttpResponse<byte[]> r = get(exportPath(from, T0.plusMillis(3_720)), null);
        assertThat(r.statusCode()).isEqualTo(200);
        Path mp4 = dir.resolve("cut.mp4");
        Files.write(mp4, r.body());

        Ffmpeg.assumeAvailable();
        String probe = Ffmpeg.probe(mp4);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(2.2, offset(0.001));
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "streams.stream.0.start_time"))).isZero();
        assertThat(Ffmpeg.field(probe, "streams.stream.0.nb_frames")).as("from the keyframe of 1.0 s").isEqualTo("68");
        assertThat(Ffmpeg.field(probe, "format.tags.creation_time"))
                .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(T0.plusSeconds(1)).replace("Z", ".000000Z"));
        assertThat(Ffmpeg.field(probe, "format.tags.comment")).isEqualTo("camcloud export of camera " + video.serial
                + ": recorded " + from + " to " + T0.plusMillis(3_720) + " (cloud time), continuous.");
        Ffmpeg.assertDecodesCleanly(mp4);
        assertThat(Ffmpeg.countFrames(mp4)).as("frames presented, 1.52 s to 3.68 s").isEqualTo(55);
    }

    /** 3 s to 11 s holds 1 s before the 6 s gap and 1 s after it: closed up, and the file says so. */
    @Test
    void exportAcrossAGapClosesItUpAndNamesItInTheFile() throws Exception {
        HttpResponse<byte[]> r = get(exportPath(T0.plusSeconds(3), T0.plusSeconds(11)), null);
        assertThat(r.statusCode()).isEqualTo(200);
        Path mp4 = dir.resolve("gap.mp4");
        Files.write(mp4, r.body());

        Ffmpeg.assumeAvailable();
        String probe = Ffmpeg.probe(mp4);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(2.0, offset(0.001));
        assertThat(Ffmpeg.field(probe, "format.tags.comment")).isEqualTo("camcloud export of camera " + video.serial
                + ": recorded " + T0.plusSeconds(3) + " to " + T0.plusSeconds(11) + " (cloud time); 1 gap with no "
                + "video, closed up in this file: " + T0.plusSeconds(4) + " to " + T0.plusSeconds(10) + " (6.0 s).");
        Ffmpeg.assertDecodesCleanly(mp4);
        assertThat(Ffmpeg.countFrames(mp4)).isEqualTo(50);
    }

    private String exportPath(Instant from, Instant to) {
        return "/api/cameras/" + video.serial + "/export.mp4?from=" + q(from) + "&to=" + q(to);
    }

    @Test
    void timelineShowsTheRecordedRangesAndTheGapInTheRequestedZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        String day = T0.atZone(paris).toLocalDate().toString();
        ApiClient.Response r = video.owner.get("/api/cameras/" + video.serial + "/timeline?day=" + day
                + "&tz=Europe/Paris");
        assertThat(r.status()).isEqualTo(200);
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(paris);
        assertThat(r.json().get("tz").asText()).isEqualTo("Europe/Paris");
        assertThat(r.json().get("ranges")).hasSize(2);
        assertThat(r.json().get("ranges").get(0).get("from").asText()).isEqualTo(iso.format(T0));
        assertThat(r.json().get("ranges").get(0).get("to").asText()).isEqualTo(iso.format(T0.plusSeconds(4)));
        assertThat(r.json().get("ranges").get(0).get("segments").asInt()).isEqualTo(2);
        assertThat(r.json().get("ranges").get(1).get("from").asText()).isEqualTo(iso.format(T0.plusSeconds(10)));
        assertThat(r.json().get("gaps")).hasSize(1);
        assertThat(r.json().get("gaps").get(0).get("from").asText()).isEqualTo(iso.format(T0.plusSeconds(4)));
        assertThat(r.json().get("gaps").get(0).get("reason").asText()).isEqualTo("camera offline");

        ApiClient.Response utc = video.owner.get("/api/cameras/" + video.serial + "/timeline?day="
                + T0.atZone(ZoneId.of("UTC")).toLocalDate());
        assertThat(utc.json().get("tz").asText()).isEqualTo("UTC");
        assertThat(utc.json().get("ranges").get(0).get("from").asText()).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .withZone(ZoneId.of("UTC")).format(T0));
    }

    @Test
    void onlyTheOwnerGetsAnyOfIt() {
        List<String> paths = List.of(range("archive.m3u8"), range("export.mp4"),
                "/api/cameras/" + video.serial + "/segments/" + segments.get(0).id() + ".mp4",
                "/api/cameras/" + video.serial + "/timeline?day=" + T0.atZone(ZoneId.of("UTC")).toLocalDate());
        for (String path : paths) {
            assertThat(video.owner.get(path).status()).as("owner: %s", path).isEqualTo(200);
            ApiClient.Response other = video.other.get(path);
            assertThat(other.status()).as("other user: %s", path).isEqualTo(404);
            assertThat(other.error()).isEqualTo("unknown camera");
            assertThat(video.anonymous.get(path).status()).as("anonymous: %s", path).isEqualTo(401);
        }
    }

    @Test
    void badParametersAreRefusedWithAMessage() {
        String base = "/api/cameras/" + video.serial;
        Map<String, String> cases = Map.of(
                base + "/archive.m3u8?from=" + q(T0) + "&to=" + q(T0.minusSeconds(1)), "must be before",
                base + "/archive.m3u8?from=yesterday&to=" + q(T0), "'from' is not an ISO-8601 time",
                base + "/archive.m3u8?to=" + q(T0), "'from' is required",
                base + "/export.mp4?from=" + q(T0) + "&to=" + q(T0.plus(25, ChronoUnit.HOURS)), "at most 24 hours",
                base + "/timeline?day=2026-13-01", "'day' is not a date",
                base + "/timeline", "'day' is required",
                base + "/timeline?day=2026-11-01&tz=Mars/Olympus", "'tz' is not a time zone");
        cases.forEach((path, message) -> {
            ApiClient.Response r = video.owner.get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.error()).as(path).contains(message);
        });
        ApiClient.Response empty = video.owner.get(base + "/export.mp4?from=" + q(T0.minusSeconds(7200)) + "&to="
                + q(T0.minusSeconds(3600)));
        assertThat(empty.status()).isEqualTo(404);
        ApiClient.Response emptyPlaylist = video.owner.get(base + "/archive.m3u8?from=" + q(T0.minusSeconds(7200))
                + "&to=" + q(T0.minusSeconds(3600)));
        assertThat(emptyPlaylist.status()).as("a long-past range without video").isEqualTo(404);
    }

    private HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(video.cloud.httpBase() + path))
                .header("Cookie", video.ownerCookie)
                .header("Accept-Encoding", "gzip"); // as browsers send it: video must still come as is
        if (range != null) {
            b.header("Range", range);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
