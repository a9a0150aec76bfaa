package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with the server's own HTTP settings (10 s request-head deadline, default limits), a
 * virtual camera streaming and recording, and its owner watching — while strangers hold slow-header
 * connections on the HTTP port and silent ones on the camera HTTPS port, guess a password, send
 * {@code HEAD}s, far-off times and wrong content types. Each stranger gets their clear answer; the
 * camera keeps recording and the owner keeps being served.
 */
class HttpAbuseTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SceneSettings SCENE = new SceneSettings(320, 180, 15, 300, 15, 2);
    private static final int SLOW_HEADERS = 100;
    private static final int SILENT_CAMERA_PORT = 20;

    @TempDir
    Path dir;

    @Test
    void theCameraAndItsOwnerAreServedWhileStrangersAbuseTheHttpSide() throws Exception {
        EventLoopGroup cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            ApiClient owner = new ApiClient(cloud.httpBase());
            assertThat(owner.signUp("owner", "correct horse battery").status()).isEqualTo(201);
            assertThat(owner.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            VirtualCamera camera = VirtualCamera.powerOn(provisioned.flash(), cameraLoops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock, dir));
            try {
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial) >= 1)).as("recording").isTrue();

                List<Stranger> strangers = new ArrayList<>();
                for (int i = 0; i < SLOW_HEADERS; i++) {
                    strangers.add(new Stranger(cloud.server().httpPort(),
                            "GET /api/cameras/" + serial + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
                }
                for (int i = 0; i < SILENT_CAMERA_PORT; i++) {
                    strangers.add(new Stranger(cloud.server().cameraHttpsPort(), null));
                }
                int recordedBefore = segments(index, serial);
                long start = System.nanoTime();

                ApiClient stranger = new ApiClient(cloud.httpBase());
                stranger.signUp("victim", "the victims own password");
                ApiClient guesser = new ApiClient(cloud.httpBase());
                for (int i = 0; i < 15; i++) {
                    assertThat(guesser.signIn("victim", "guess " + i).status()).isEqualTo(i < 10 ? 401 : 429);
                    assertThat(guesser.send("HEAD", "/api/cameras/" + serial + "/export.mp4", null, null, Map.of())
                            .status()).isEqualTo(401);
                    assertThat(owner.get("/api/cameras/" + serial + "/timeline?day=-999999999-01-01").status())
                            .isEqualTo(400);
                    assertThat(owner.get("/api/cameras/" + serial + "/archive.m3u8?from=%2B300000-01-01T00:00:00Z"
                            + "&to=%2B300000-01-01T01:00:00Z").status()).isEqualTo(400);
                    assertThat(owner.send("PATCH", "/api/cameras/" + serial, "{\"name\":\"x\"}", "application/jsonx",
                            Map.of()).status()).isEqualTo(415);
                    ApiClient.Response mine = owner.get("/api/cameras/" + serial);
                    assertThat(mine.status()).isEqualTo(200);
                    assertThat(mine.json().get("online").asBoolean()).isTrue();
                    tickAll(strangers);
                }
                // the owner signs in from a new browser at the same address: the guesser's wrong
                // passwords for another account do not stand in her way
                assertThat(new ApiClient(cloud.httpBase()).signIn("owner", "correct horse battery").status())
                        .isEqualTo(200);

                while (strangers.stream().anyMatch(s -> !s.cut) && System.nanoTime() - start < WAIT.toNanos()) {
                    tickAll(strangers);
                    assertThat(owner.get("/api/cameras/" + serial).status()).isEqualTo(200);
                    Thread.sleep(500);
                }
                assertThat(strangers).as("every slow or silent connection is cut").allMatch(s -> s.cut);
                assertThat(strangers.stream().filter(s -> s.answer.contains("200 OK")))
                        .as("half a request is never answered").isEmpty();
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial) >= recordedBefore + 2))
                        .as("the camera kept recording").isTrue();
                assertThat(camera.online()).isTrue();
                assertThat(camera.uplink().stats().gaps()).isZero();
            } finally {
                camera.close();
            }
        } finally {
            videoClock.shutdownNow();
            cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static int segments(SegmentIndex index, String serial) {
        return index.segments(serial, 0, Long.MAX_VALUE).size();
    }

    private static void tickAll(List<Stranger> strangers) {
        for (Stranger s : strangers) {
            s.tick();
        }
    }

    /**
     * A connection that sends {@code head} one byte per tick and then keeps adding header bytes (or,
     * with no head, sends nothing), and notices when the server has closed it.
     */
    private static final class Stranger {
        private final Socket socket;
        private final byte[] head;
        private int sent;
        boolean cut;
        String answer = "";

        Stranger(int port, String head) throws IOException {
            this.head = head == null ? null : head.getBytes(StandardCharsets.US_ASCII);
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(1);
        }

        void tick() {
            if (cut) {
                return;
            }
            try {
                if (head != null) {
                    socket.getOutputStream().write(sent < head.length ? head[sent] : 'a');
                    sent++;
                }
                byte[] buffer = new byte[4096];
                int n = socket.getInputStream().read(buffer);
                if (n < 0) {
                    close();
                } else {
                    answer += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                }
            } catch (SocketTimeoutException e) {
                // still open, nothing to read
            } catch (IOException e) {
                close(); // reset by the server
            }
        }

        private void close() {
            cut = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
    }
}
