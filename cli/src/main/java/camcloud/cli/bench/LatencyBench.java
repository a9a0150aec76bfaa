package camcloud.cli.bench;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.CloudAgent;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.SyntheticVideoSource;
import camcloud.device.video.VideoApp;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.CommandAck;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench latency}: live latency from capture to a WebSocket viewer, the whole frame
 * path in one process over loopback: a synthetic camera (JCodec scene paced at its frame rate,
 * {@code wallClockMillis} taken at capture) → shared-memory ring → cloud agent → TLS gateway →
 * ingest → live hub → WebSocket. Each viewer parses the {@code prft} box of every fragment; latency
 * = wall clock when the whole message arrived − capture wall clock in {@code prft} (millisecond
 * resolution, one machine so one clock). Fragments captured before a viewer's measurement window
 * (the GOP a late joiner gets first) are not counted.
 *
 * <pre>{@code ./camcloud bench latency --viewers 1,20 --seconds 10}</pre>
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Live latency: capture time -> fragment received by WebSocket viewers (median, p99, max).")
public final class LatencyBench implements Callable<Integer> {

    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    @Option(names = "--viewers", split = ",", defaultValue = "1,20",
            description = "Viewer counts to measure, one run each. Default: ${DEFAULT-VALUE}")
    int[] viewerCounts;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--scene", defaultValue = "sd360", description = "Camera picture: sd360 or hd720. Default: ${DEFAULT-VALUE}")
    String scene;

    @Override
    public Integer call() throws Exception {
        SceneSettings settings = switch (scene) {
            case "sd360" -> SceneSettings.sd360();
            case "hd720" -> SceneSettings.hd720();
            default -> throw new IllegalArgumentException("--scene must be sd360 or hd720, was " + scene);
        };
        if (seconds < 1 || Arrays.stream(viewerCounts).anyMatch(n -> n < 1 || n > 1000)) {
            throw new IllegalArgumentException("--seconds must be >= 1 and --viewers in 1..1000");
        }
        Path dir = Files.createTempDirectory("camcloud-bench-latency");
        EventLoopGroup cameraLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            String base = "http://127.0.0.1:" + cloud.httpPort();
            Path flashFile = dir.resolve("camera.flash");
            FactoryProvisioner.Provisioned camera = FactoryProvisioner.provision(flashFile,
                    CameraModels.builtIn().all().get(0), new CameraConfig("127.0.0.1", cloud.gatewayPort(), Map.of()),
                    cloud.operatorToken());
            String cookie = owner(base, camera.claimCode());
            System.out.printf("camera %s: %s %dx%d %d fps, encoding the scene...%n", camera.serial(), scene,
                    settings.width(), settings.height(), settings.fps());
            Path ring = dir.resolve("camera.ring");
            try (CameraFlash flash = CameraFlash.open(flashFile, CameraModels.builtIn());
                 VideoApp app = VideoApp.start(new SyntheticVideoSource(settings, 1), ring, videoClock)) {
                CloudAgent agent = new CloudAgent(flash.identity(), flash.config().orElseThrow(),
                        AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE), cameraLoop,
                        c -> CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_UNSUPPORTED).build(), ring);
                agent.start();
                try {
                    System.out.println("viewers  fragments  median ms  p99 ms  max ms  dropped");
                    for (int viewers : viewerCounts) {
                        run(base, camera.serial(), cookie, viewers, cloud);
                    }
                } finally {
                    agent.close();
                }
            }
        } finally {
            videoClock.shutdownNow();
            cameraLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            deleteTree(dir);
        }
        return 0;
    }

    private void run(String base, String serial, String cookie, int viewers, CloudServer cloud) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Viewer> all = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            Viewer v = new Viewer();
            v.socket = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base)
                    .buildAsync(URI.create(base.replace("http", "ws") + "/api/cameras/" + serial + "/live"), v)
                    .get(10, TimeUnit.SECONDS);
            all.add(v);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (all.stream().anyMatch(v -> v.fragments == 0) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50); // the camera connects and sends its first keyframe
        }
        long from = System.currentTimeMillis() + 1000;
        all.forEach(v -> v.measureFrom = from);
        Thread.sleep(1000 + seconds * 1000L);
        long dropped = cloud.liveHub().droppedFragments(serial);
        all.forEach(v -> v.socket.abort());
        long[] latencies = all.stream().flatMap(v -> v.latencies.stream()).mapToLong(Long::longValue).sorted().toArray();
        if (latencies.length == 0) {
            System.out.printf("%7d  no fragments received: is the camera streaming to the gateway?%n", viewers);
            return;
        }
        System.out.printf("%7d  %9d  %9d  %6d  %6d  %7d%n", viewers, latencies.length, percentile(latencies, 50),
                percentile(latencies, 99), latencies[latencies.length - 1], dropped);
    }

    private static long percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Signs up a user who claims the camera; returns the session cookie. */
    private static String owner(String base, String claimCode) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> signUp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bench\",\"password\":\"bench-password-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = signUp.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IOException("sign-up failed: " + signUp.statusCode() + " " + signUp.body())).split(";", 2)[0];
        HttpResponse<String> claim = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras/claim"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + claimCode + "\",\"name\":\"bench\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (claim.statusCode() != 201) {
            throw new IOException("claim failed: " + claim.statusCode() + " " + claim.body());
        }
        return cookie;
    }

    /** One viewer: whole binary messages, the prft of each fragment against the arrival time. */
    private static final class Viewer implements WebSocket.Listener {
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        volatile long measureFrom = Long.MAX_VALUE;
        volatile long fragments;
        WebSocket socket;
        private ByteBuffer partial = ByteBuffer.allocate(1 << 16);

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (partial.remaining() < data.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(partial.capacity() * 2, partial.position() + data.remaining()));
                partial.flip();
                bigger.put(partial);
                partial = bigger;
            }
            partial.put(data);
            if (last) {
                long now = System.currentTimeMillis();
                partial.flip();
                if (partial.remaining() >= 24 && partial.getInt(4) == 0x70726674) { // "prft"
                    long capture = ntpToMillis(partial.getLong(16));
                    fragments++;
                    if (capture >= measureFrom) {
                        latencies.add(now - capture);
                    }
                }
                partial.clear();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return null;
        }
    }

    static long ntpToMillis(long ntp) {
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        return seconds * 1000 + Math.round((ntp & 0xffffffffL) * 1000.0 / (1L << 32));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
