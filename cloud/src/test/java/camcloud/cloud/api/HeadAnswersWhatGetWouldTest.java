package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.archive.VideoTestCloud;
import camcloud.cloud.recording.Segment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code GET} route × every kind of caller × good and bad parameters, on a real node with
 * recorded video: a {@code HEAD} gets the status and headers the {@code GET} gets, and no body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadAnswersWhatGetWouldTest {

    /** Yesterday, on the hour: a closed range with recorded video. */
    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    /** Headers a HEAD must repeat when the GET has them. */
    private static final List<String> SAME = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "Content-Disposition", "Cache-Control", "Retry-After", "Content-Encoding");

    private VideoTestCloud video;
    private Segment segment;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void record(@TempDir Path dir) throws Exception {
        video = VideoTestCloud.start(dir);
        segment = video.record(T0.toEpochMilli() * 1000, false);
        video.record(T0.toEpochMilli() * 1000 + 2_000_000, false);
    }

    @AfterAll
    void stop() {
        video.close();
    }

    /** A caller: the headers that make them who they are. */
    record Caller(String name, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> matrix() {
        String cam = "/api/cameras/" + video.serial;
        String range = "?from=" + q(T0.minusSeconds(60)) + "&to=" + q(T0.plusSeconds(60));
        String empty = "?from=" + q(T0.minusSeconds(7200)) + "&to=" + q(T0.minusSeconds(3600));
        String day = "?day=" + T0.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> paths = List.of("/healthz", "/api/openapi.yaml", "/api/me", "/api/cameras", cam,
                cam + "/recording", cam + "/timeline" + day, cam + "/timeline?day=2026-13-01",
                cam + "/timeline?day=-999999999-01-01", cam + "/archive.m3u8" + range, cam + "/archive.m3u8" + empty,
                cam + "/archive.m3u8?from=yesterday", cam + "/segments/" + segment.id() + ".mp4",
                cam + "/segments/999999.mp4", cam + "/export.mp4" + range, cam + "/export.mp4" + empty,
                cam + "/export.mp4?from=%2B300000-01-01T00:00:00Z&to=%2B300000-01-01T01:00:00Z",
                cam + "/live", "/api/cameras/NOSUCHCAMERA", "/api/nothing/here",
                "/api/operator/cameras", "/api/operator/firmware", "/api/operator/firmware/keys",
                "/api/operator/cameras/" + video.serial + "/firmware",
                "/api/firmware/download/model/1.0.0?serial=x&expires=1&token=y");
        Map<String, String> owner = Map.of("Cookie", video.ownerCookie);
        List<Caller> callers = List.of(
                new Caller("anonymous", Map.of()),
                new Caller("owner", owner),
                new Caller("owner with gzip", with(owner, "Accept-Encoding", "gzip")),
                new Caller("owner asking a byte range", with(owner, "Range", "bytes=100-1099")),
                new Caller("owner asking an impossible range", with(owner, "Range", "bytes=999999999-")),
                new Caller("another user", Map.of("Cookie", video.otherCookie)),
                new Caller("operator", Map.of("Authorization", "Bearer " + video.cloud.server().operatorToken())),
                new Caller("wrong operator token", Map.of("Authorization", "Bearer nope")));
        List<Arguments> out = new ArrayList<>();
        for (String path : paths) {
            for (Caller caller : callers) {
                out.add(Arguments.of(path, caller));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void headGetsTheStatusAndHeadersOfGetAndNoBody(String path, Caller caller) throws Exception {
        HttpResponse<byte[]> get = send("GET", path, caller);
        HttpResponse<byte[]> head = send("HEAD", path, caller);
        assertThat(head.statusCode()).as("status").isEqualTo(get.statusCode());
        for (String name : SAME) {
            assertThat(head.headers().firstValue(name)).as(name).isEqualTo(get.headers().firstValue(name));
        }
        assertThat(head.body()).isEmpty();
        if (get.headers().firstValue("Content-Length").isPresent() && get.headers().firstValue("Content-Encoding").isEmpty()) {
            assertThat(Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow()))
                    .as("Content-Length is what GET sent").isEqualTo(get.body().length);
        }
    }

    @Test
    void headIsNoLongerAnEmpty200ForEverybody() throws Exception {
        Caller anonymous = new Caller("anonymous", Map.of());
        assertThat(send("HEAD", "/api/me", anonymous).statusCode()).isEqualTo(401);
        assertThat(send("HEAD", "/api/cameras/" + video.serial, new Caller("other", Map.of("Cookie", video.otherCookie)))
                .statusCode()).isEqualTo(404);
        HttpResponse<byte[]> export = send("HEAD", "/api/cameras/" + video.serial + "/export.mp4?from="
                + q(T0.minusSeconds(60)) + "&to=" + q(T0.plusSeconds(60)), new Caller("owner", Map.of("Cookie", video.ownerCookie)));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(Long.parseLong(export.headers().firstValue("Content-Length").orElseThrow())).isPositive();
    }

    private HttpResponse<byte[]> send(String method, String path, Caller caller) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(video.cloud.httpBase() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        caller.headers().forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(name, value);
        return m;
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
