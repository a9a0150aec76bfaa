package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.cluster.relay.TwoNodes;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded video is any node's to serve when the nodes share the database and the store: a camera
 * connected to node B is recorded by B, and its owner gets the archive playlist, its segments and
 * an export through node A — the same as through B, and playable.
 */
class ArchiveAcrossNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void segmentsRecordedOnOneNodeArePlayedAndExportedThroughAnother() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            TestCloud.Provisioned p = nodes.b.provision();
            String serial = p.serial();
            ApiClient ownerOnA = new ApiClient(nodes.a.httpBase());
            String cookie = ownerOnA.signUp("owner", "correct horse battery").header("Set-Cookie").split(";", 2)[0];
            Instant claimed = Instant.now();
            assertThat(ownerOnA.claim(p.claimCode(), "porch").status()).isEqualTo(201);
            nodes.b.powerOnStreaming(p.flash());
            SegmentIndex index = new SegmentIndex(nodes.a.server().database());
            // a third segment: the first two lie wholly in the past, and the range ending with them is complete
            assertThat(TestCloud.await(WAIT, () -> index.segments(serial, 0, Long.MAX_VALUE).size() >= 3))
                    .as("B records the camera").isTrue();
            assertThat(nodes.a.server().presence().isOnline(serial)).as("the camera is on B only").isFalse();
            List<Segment> recorded = index.segments(serial, 0, Long.MAX_VALUE);
            Instant to = Instant.ofEpochSecond(0, recorded.get(1).endMicros() * 1000);
            String range = "?from=" + q(claimed.minusSeconds(60)) + "&to=" + q(to);
            String base = "/api/cameras/" + serial;

            HttpResponse<String> playlistA = getText(nodes.a, base + "/archive.m3u8" + range, cookie);
            HttpResponse<String> playlistB = getText(nodes.b, base + "/archive.m3u8" + range, cookie);
            assertThat(playlistA.statusCode()).isEqualTo(200);
            assertThat(playlistA.body()).as("A serves what B serves").isEqualTo(playlistB.body())
                    .contains("segments/" + recorded.get(0).id() + ".mp4").contains("#EXT-X-ENDLIST");

            HttpResponse<byte[]> segment = get(nodes.a, base + "/segments/" + recorded.get(0).id() + ".mp4", cookie);
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.body().length).isEqualTo(recorded.get(0).sizeBytes());

            HttpResponse<byte[]> exportA = get(nodes.a, base + "/export.mp4" + range, cookie);
            HttpResponse<byte[]> exportB = get(nodes.b, base + "/export.mp4" + range, cookie);
            assertThat(exportA.statusCode()).isEqualTo(200);
            assertThat(exportA.body().length).isEqualTo(exportB.body().length);

            FfmpegCheck.assumeAvailable();
            FfmpegCheck.assertPlaysCleanly(null, "-headers", "Cookie: " + cookie + "\r\n",
                    "-i", nodes.a.httpBase() + base + "/archive.m3u8" + range);
            Path mp4 = Files.write(dir.resolve("export-from-a.mp4"), exportA.body());
            FfmpegCheck.assertPlaysCleanly(null, "-i", mp4.toString());
            double recordedSeconds = recorded.subList(0, 2).stream().mapToLong(Segment::durationMicros).sum() / 1e6;
            assertThat(FfmpegCheck.duration(mp4.toString())).isCloseTo(recordedSeconds, Offset.offset(0.2));
        }
    }

    private static HttpResponse<byte[]> get(TestCloud node, String path, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(request(node, path, cookie), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> getText(TestCloud node, String path, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(request(node, path, cookie), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(TestCloud node, String path, String cookie) {
        return HttpRequest.newBuilder(URI.create(node.httpBase() + path)).header("Cookie", cookie)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
