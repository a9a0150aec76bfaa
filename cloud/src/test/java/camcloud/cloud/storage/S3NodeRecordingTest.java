package camcloud.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.config.StorageConfig;
import camcloud.cloud.engines.S3Server;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.camera.VirtualCamera;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose {@code storage.url} is an S3 bucket (a real s3proxy): a virtual camera streams over its
 * real socket, the recorder's segments land in the bucket under {@code PREFIX/video/} (none on the
 * node's disk), and the archive serves them back, whole and by byte range.
 */
class S3NodeRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aNodeOnS3RecordsACameraAndTheArchiveServesItByByteRange() throws Exception {
        Instant started = Instant.now();
        try (S3Server s3 = S3Server.start(dir.resolve("s3"))) {
            s3.createBucket("camcloud");
            StorageConfig storage = StorageConfig.defaults().withUrl("s3://camcloud/site")
                    .withS3(s3.endpoint(), "us-east-1", S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
            try (TestCloud cloud = TestCloud.start(dir, c -> c.withStorage(storage).withRecording(c.recording()
                    .withRecorder(RecorderSettings.DEFAULT.withSegmentMicros(1_000_000))))) {
                assertThat(cloud.server().videoStore()).isInstanceOf(S3ObjectStore.class);
                TestCloud.Provisioned p = cloud.provision();
                ApiClient owner = new ApiClient(cloud.httpBase());
                ApiClient.Response signUp = owner.signUp("owner", "correct horse battery");
                assertThat(signUp.status()).isEqualTo(201);
                String cookie = signUp.header("Set-Cookie").split(";", 2)[0];
                assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);
                SegmentIndex index = new SegmentIndex(cloud.server().database());
                VirtualCamera camera = cloud.powerOnStreaming(p.flash());
                try {
                    assertThat(TestCloud.await(WAIT, () -> index.segments(p.serial(), 0, Long.MAX_VALUE).size() >= 2))
                            .as("segments recorded").isTrue();
                } finally {
                    camera.close();
                }
                List<Segment> segments = index.segments(p.serial(), 0, Long.MAX_VALUE);
                Path bucket = s3.bucketDirectory("camcloud");
                for (Segment s : segments) {
                    assertThat(Files.size(bucket.resolve("site/video/" + s.storageKey())))
                            .as("%s is in the bucket", s.storageKey()).isEqualTo(s.sizeBytes());
                }
                Path localVideo = dir.resolve("data").resolve("video");
                assertThat(!Files.exists(localVideo) || isEmpty(localVideo)).as("nothing on the node's disk").isTrue();

                String range = "from=" + q(started.minusSeconds(60)) + "&to=" + q(Instant.now().plusSeconds(60));
                ApiClient.Response playlist = owner.get("/api/cameras/" + p.serial() + "/archive.m3u8?" + range);
                assertThat(playlist.status()).isEqualTo(200);
                Segment s = segments.get(0);
                assertThat(playlist.text()).contains("segments/" + s.id() + ".mp4");

                String path = cloud.httpBase() + "/api/cameras/" + p.serial() + "/segments/" + s.id() + ".mp4";
                HttpResponse<byte[]> whole = get(path, cookie, null);
                assertThat(whole.statusCode()).isEqualTo(200);
                assertThat(whole.body()).hasSize((int) s.sizeBytes());
                HttpResponse<byte[]> init = get(path, cookie, "bytes=0-" + (s.initSize() - 1));
                assertThat(init.statusCode()).isEqualTo(206);
                assertThat(init.headers().firstValue("Content-Range"))
                        .hasValue("bytes 0-" + (s.initSize() - 1) + "/" + s.sizeBytes());
                assertThat(init.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 0, (int) s.initSize()));
                HttpResponse<byte[]> rest = get(path, cookie, "bytes=" + s.initSize() + "-");
                assertThat(rest.statusCode()).isEqualTo(206);
                assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(whole.body(), (int) s.initSize(),
                        whole.body().length));
            }
        }
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }

    private static HttpResponse<byte[]> get(String url, String cookie, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie);
        if (range != null) {
            b.header("Range", range);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }
}
