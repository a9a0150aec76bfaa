package camcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cli.bench.host.ListenPorts;
import camcloud.cloud.db.Database;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModels;
import camcloud.media.h264.AnnexB;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.protocol.Frame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of recording with a real server process: a camera streams real H.264 into
 * {@code camcloud server}, the process is killed ({@code destroyForcibly}, no shutdown hook) at
 * several moments mid-recording and started again on the same data. After every restart: the
 * database opens, every indexed segment file exists and ffprobe/ffmpeg accept it, no file is
 * unindexed, no {@code .part} is left, and every unit the camera saw acknowledged is still recorded.
 */
@EnabledOnOs(OS.LINUX)
class RecorderCrashTest {

    private static final long FRAME_MICROS = 40_000;
    private static final int KEY_INTERVAL = 10;

    @TempDir
    Path dir;

    @Test
    void killingTheServerMidRecordingLeavesNoCorruptSegmentAndAnIndexThatAgreesWithTheFiles() throws Exception {
        assumeFfmpeg();
        List<byte[]> frames = encode(50);
        Path data = dir.resolve("data");
        Path config = dir.resolve("cloud.properties");
        Files.writeString(config, "recording.segment.seconds=1\nstorage.min.free.bytes=0\n");
        int httpPort = ListenPorts.next();
        int gatewayPort = ListenPorts.next();

        Process server = startServer(data, config, httpPort, gatewayPort, 0);
        Path flash = dir.resolve("camera.flash");
        FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0),
                new CameraConfig("127.0.0.1", gatewayPort, Map.of()), Files.readString(data.resolve("operator-token"))
                        .strip());
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
            identity = f.identity();
        }
        long acked = -1;
        long sequence = 0;
        long[] streamMillis = {2300, 1700, 3100};
        for (int round = 0; round < streamMillis.length; round++) {
            long[] result = stream(identity, gatewayPort, frames, sequence, round + 1, streamMillis[round]);
            sequence = result[0];
            acked = Math.max(acked, result[1]);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            server = startServer(data, config, httpPort, gatewayPort, round + 1);
            String log = Files.readString(dir.resolve("server-" + (round + 1) + ".log"));
            assertThat(log).as("the kill interrupted a segment being written; recovery removed it")
                    .containsPattern("recording recovery: removed [1-9]\\d* unfinished writes");
            List<Segment> segments = assertIndexAgreesWithFiles(data, identity.serial());
            long recorded = segments.stream().mapToLong(Segment::lastSequence).max().orElse(-1);
            assertThat(recorded).as("units acknowledged before the kill are recorded (round %d)", round)
                    .isGreaterThanOrEqualTo(acked);
        }
        assertThat(acked).as("the camera got acknowledgements").isPositive();
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM (not a kill) drains the node: its camera is told DRAINING (reconnect elsewhere now), the
     * process says what it did and exits.
     */
    @Test
    void sigtermDrainsTheNodeTellsItsCamerasToMoveAndExits() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("cloud.properties");
        Files.writeString(config, "node.drain.seconds=20\nstorage.min.free.bytes=0\n");
        int gatewayPort = ListenPorts.next();
        Process server = startServer(data, config, ListenPorts.next(), gatewayPort, 0);
        Path flash = dir.resolve("camera.flash");
        FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0),
                new CameraConfig("127.0.0.1", gatewayPort, Map.of()), Files.readString(data.resolve("operator-token"))
                        .strip());
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
            identity = f.identity();
        }
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", gatewayPort, AgentTls.forIdentity(identity),
                Duration.ofSeconds(10))) {
            client.send(Envelope.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT)
                    .setSerial(identity.serial()).setModel("xiaomi-yi-ants").setFirmwareVersion("test")
                    .setBootId(1)).build());
            assertThat(client.receive(Duration.ofSeconds(10)).hasWelcome()).isTrue();

            server.destroy(); // SIGTERM
            Envelope e = client.receive(Duration.ofSeconds(30));
            while (!e.hasGoodbye()) {
                e = client.receive(Duration.ofSeconds(30));
            }
            assertThat(e.getGoodbye().getReason()).isEqualTo(camcloud.protocol.v1.Goodbye.Reason.REASON_DRAINING);
        }
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the node exits after its drain").isTrue();
        String log = Files.readString(dir.resolve("server-0.log"));
        assertThat(log).contains("camcloud: drained: 1 cameras told to reconnect elsewhere, 0 still connected")
                .contains("camcloud: stopped");
    }

    /** Streams at the camera's real pace for {@code millis}; returns the next sequence and the last ack. */
    private static long[] stream(CameraIdentity identity, int port, List<byte[]> frames, long firstSequence, long bootId,
                                 long millis) throws Exception {
        long lastAck = -1;
        long seq = firstSequence;
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", port, AgentTls.forIdentity(identity),
                Duration.ofSeconds(10))) {
            client.send(Envelope.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT)
                    .setSerial(identity.serial()).setModel("xiaomi-yi-ants").setFirmwareVersion("test")
                    .setBootId(bootId)).build());
            assertThat(client.receive(Duration.ofSeconds(10)).hasWelcome()).isTrue();
            byte[][] sets = parameterSets(frames.get(0));
            client.send(Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder().setCodec("h264")
                    .setWidth(320).setHeight(240).setFps(25).setSps(ByteString.copyFrom(sets[0]))
                    .setPps(ByteString.copyFrom(sets[1]))).build());
            long start = System.nanoTime();
            for (int i = 0; System.nanoTime() - start < millis * 1_000_000L; i++, seq++) {
                long mono = i * FRAME_MICROS;
                long due = start + mono * 1000;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                client.sendFrame(Frame.withPayload(Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                        .setSequence(seq).setCaptureMonotonicUs(mono).setCaptureWallMs(System.currentTimeMillis())
                        .setKeyframe(i % KEY_INTERVAL == 0)).build(),
                        Unpooled.wrappedBuffer(frames.get(i % frames.size()))));
                lastAck = Math.max(lastAck, drainAcks(client));
            }
            lastAck = Math.max(lastAck, drainAcks(client));
        }
        return new long[] {seq, lastAck};
    }

    private static long drainAcks(GatewayClient client) {
        long last = -1;
        try {
            while (true) {
                Envelope e = client.receive(Duration.ofMillis(1));
                if (e.hasMediaAck()) {
                    last = Math.max(last, e.getMediaAck().getPersistedSequence());
                }
            }
        } catch (IOException nothingMore) {
            return last;
        }
    }

    private List<Segment> assertIndexAgreesWithFiles(Path data, String serial) throws Exception {
        Path video = data.resolve("video");
        try (Stream<Path> all = Files.walk(video)) {
            List<Path> files = all.filter(Files::isRegularFile).collect(Collectors.toList());
            assertThat(files).noneMatch(p -> p.toString().endsWith(".part"));
            Database db = Database.openSqlite(data.resolve("camcloud.db"));
            try {
                SegmentIndex index = new SegmentIndex(db);
                Set<String> rows = new HashSet<>(index.storageKeys().keySet());
                Set<String> onDisk = files.stream().map(p -> video.relativize(p).toString()).collect(Collectors.toSet());
                assertThat(onDisk).isEqualTo(rows);
                List<Segment> segments = index.segments(serial, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
                for (int i = 1; i < segments.size(); i++) {
                    assertThat(segments.get(i).startMicros()).as("segments never overlap (nothing recorded twice)")
                            .isGreaterThanOrEqualTo(segments.get(i - 1).endMicros());
                }
                for (Segment s : segments) {
                    Path file = video.resolve(s.storageKey());
                    assertThat(Files.size(file)).isEqualTo(s.sizeBytes());
                    String[] probe = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
                    assertThat(probe[1]).as("ffprobe stderr for %s", file).isEmpty();
                    assertThat(probe[0].strip()).isEqualTo(Integer.toString(s.frames()));
                    String[] decode = run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-");
                    assertThat(decode[1]).as("ffmpeg stderr for %s", file).isEmpty();
                }
                return segments;
            } finally {
                db.close();
            }
        }
    }

    private Process startServer(Path data, Path config, int httpPort, int gatewayPort, int round) throws Exception {
        Path log = dir.resolve("server-" + round + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--data", data.toString(),
                "--bind", "127.0.0.1", "--http-port", Integer.toString(httpPort), "--gateway-port",
                Integer.toString(gatewayPort), "--camera-https-port", "0", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("camcloud cloud is up")) {
                return p;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start; its log:\n" + Files.readString(log));
    }

    private static byte[][] parameterSets(byte[] keyframe) throws Exception {
        byte[][] sets = new byte[2][];
        for (NalUnit nal : AnnexB.split(keyframe)) {
            if (nal.type() == NalUnitType.SPS) {
                sets[0] = nal.bytes();
            } else if (nal.type() == NalUnitType.PPS) {
                sets[1] = nal.bytes();
            }
        }
        return sets;
    }

    private static List<byte[]> encode(int count) {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        encoder.setKeyInterval(KEY_INTERVAL);
        Picture picture = Picture.create(320, 240, ColorSpace.YUV420J);
        ByteBuffer buffer = ByteBuffer.allocate(320 * 240 * 4);
        List<byte[]> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            byte[] y = picture.getPlaneData(0);
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) (((i % 320) + i / 320 + f * 5) % 200 - 100);
            }
            buffer.clear();
            VideoEncoder.EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
            ByteBuffer d = encoded.getData();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            out.add(bytes);
        }
        return out;
    }

    private static void assumeFfmpeg() {
        boolean present = run("ffprobe", "-version")[0] != null && run("ffmpeg", "-version")[0] != null;
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("ffmpeg and ffprobe must be installed on CI (CI=true)").isTrue();
        }
        assumeTrue(present, "ffmpeg/ffprobe not installed");
    }

    /** stdout (null when the tool cannot run or fails) and stderr. */
    private static String[] run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).start();
            java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return new String[] {null, err.join()};
            }
            return new String[] {out, err.join()};
        } catch (IOException e) {
            return new String[] {null, e.toString()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {null, "interrupted"};
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
