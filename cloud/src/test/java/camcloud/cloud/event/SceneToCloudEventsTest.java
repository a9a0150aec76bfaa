package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.device.video.VideoSourceSpec;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a virtual camera on the live scene sees a figure cross, its analytics raise a motion
 * event, and the real node stores it where the camera's video of that moment is recorded, pushes it
 * to its owner's open page, and serves its snapshot and the camera's latest picture.
 */
class SceneToCloudEventsTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aFigureCrossingTheSceneBecomesAnEventOnTheArchivesClockPushedToItsOwner() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
        VirtualCamera camera = null;
        try (TestCloud cloud = TestCloud.start(dir)) {
            ApiClient owner = new ApiClient(cloud.httpBase());
            ApiClient.Response signUp = owner.signUp("sam", "correct horse battery sam");
            String cookie = signUp.header("Set-Cookie").split(";")[0];
            TestCloud.Provisioned p = cloud.provision();
            assertThat(owner.claim(p.claimCode(), "garden").status()).isEqualTo(201);
            try (PushClient page = PushClient.open(cloud.httpBase(), cookie)) {
                SceneScript script = SceneScript.builder().object(Duration.ofSeconds(3), SceneScript.Side.LEFT, 0.5)
                        .build();
                camera = VirtualCamera.powerOn(p.flash(), loops, AgentSettings.defaults("0.1.0")
                                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                        new CameraVideo(new VideoSourceSpec.Scene(script, null,
                                LiveSceneSource.defaults(new Resolution(320, 180), 10, 300)), clock,
                                Files.createDirectories(dir.resolve("rings"))));

                assertThat(TestCloud.await(WAIT, () -> page.named("event").stream()
                        .anyMatch(m -> m.data().get("type").asText().equals("motion") && !m.data().get("end").isNull())))
                        .as("the owner's page heard the motion event end").isTrue();
                JsonNode pushed = page.named("event").get(0).data();
                assertThat(pushed.get("cameraName").asText()).isEqualTo("garden");

                JsonNode listed = owner.get("/api/cameras/" + p.serial() + "/events?type=motion").json();
                JsonNode e = listed.get("events").get(listed.get("events").size() - 1);
                assertThat(e.get("id").asText()).isEqualTo(pushed.get("id").asText());
                BufferedImage snapshot = image(cookie, cloud, e.get("snapshot").asText());
                assertThat(snapshot.getWidth()).isEqualTo(320);
                assertThat(snapshot.getHeight()).isEqualTo(180);

                // a click on the event plays that moment: the archive holds video at its start
                Instant start = Instant.parse(e.get("start").asText());
                long micros = start.toEpochMilli() * 1000;
                SegmentIndex index = new SegmentIndex(cloud.server().database());
                assertThat(TestCloud.await(WAIT, () -> covered(index.segments(p.serial(), micros - 10_000_000,
                        micros + 10_000_000), micros))).as("a recorded segment holds the event's start").isTrue();

                BufferedImage latest = image(cookie, cloud, "/api/cameras/" + p.serial() + "/snapshot.jpg");
                assertThat(latest.getWidth()).isEqualTo(320);
                assertThat(latest.getHeight()).isEqualTo(180);
            }
        } finally {
            if (camera != null) {
                camera.close();
            }
            clock.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static boolean covered(List<Segment> segments, long micros) {
        return segments.stream().anyMatch(s -> s.startMicros() <= micros && micros < s.endMicros());
    }

    private static BufferedImage image(String cookie, TestCloud cloud, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.httpBase()
                + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }
}
