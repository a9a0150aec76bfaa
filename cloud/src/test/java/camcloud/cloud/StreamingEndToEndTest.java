package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.uplink.UplinkStats;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole video path with nothing stubbed: a virtual camera's video application encodes a synthetic
 * scene into its shared-memory ring, its agent streams it over TLS to a real cloud node, the
 * recorder writes segments and acknowledges them, and the camera's upload buffer bridges dropped
 * connections so the recording has no gap.
 */
class StreamingEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Small and quick to encode; an IDR every second, so segments (~4 s) close often. */
    private static final SceneSettings SCENE = new SceneSettings(320, 180, 15, 300, 15, 2);

    @TempDir
    Path dir;

    private EventLoopGroup cameraLoops;
    private ScheduledExecutorService videoClock;

    @BeforeEach
    void setUp() {
        cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        videoClock = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        videoClock.shutdownNow();
        cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private VirtualCamera powerOn(TestCloud cloud, Path flash) throws Exception {
        return VirtualCamera.powerOn(flash, cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock, dir));
    }

    @Test
    void theCameraRecordsFromPowerOnAndDroppedConnectionsLeaveNoGap() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            VirtualCamera camera = powerOn(cloud, provisioned.flash());
            Path ring = camera.video().ringFile();
            try {
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial).size() >= 1))
                        .as("a first segment is recorded").isTrue();

                awaitUnacknowledgedInFlight(camera, index, serial);
                camera.agent().dropConnection();
                assertThat(TestCloud.await(WAIT, () -> camera.agent().sessionsStarted() >= 2 && camera.online()))
                        .isTrue();
                long afterFirstDrop = camera.uplink().stats().unitsRead();
                assertThat(TestCloud.await(WAIT, () -> lastSequence(index, serial) > afterFirstDrop)).isTrue();

                awaitUnacknowledgedInFlight(camera, index, serial);
                camera.agent().dropConnection();
                assertThat(TestCloud.await(WAIT, () -> camera.agent().sessionsStarted() >= 3 && camera.online()))
                        .isTrue();
                long afterSecondDrop = camera.uplink().stats().unitsRead();
                assertThat(TestCloud.await(WAIT, () -> lastSequence(index, serial) > afterSecondDrop)).isTrue();
                UplinkStats stats = camera.uplink().stats();
                assertThat(stats.unitsResent()).as("units sent but not persisted went again").isPositive();
                assertThat(stats.gaps()).isZero();
                assertThat(stats.unitsDropped()).isZero();
            } finally {
                camera.close();
            }
            assertThat(ring).as("the ring file goes with the power").doesNotExist();

            List<Segment> segments = segments(index, serial);
            assertThat(segments.get(0).firstSequence()).as("recorded from the first unit").isZero();
            for (int i = 1; i < segments.size(); i++) {
                assertThat(segments.get(i).firstSequence()).as("segment %d follows segment %d", i, i - 1)
                        .isEqualTo(segments.get(i - 1).lastSequence() + 1);
            }
            List<RecordingGap> gaps = index.gaps(serial, 0, Long.MAX_VALUE);
            assertThat(gaps).as("gaps recorded").isEmpty();
            assertThat(segments).allSatisfy(s -> {
                assertThat(s.width()).isEqualTo(320);
                assertThat(s.height()).isEqualTo(180);
            });
            if (ffmpegPresent()) {
                for (Segment s : segments) {
                    assertThat(ffprobeFrames(((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(s.storageKey())))
                            .as("frames ffprobe decodes in %s", s.storageKey()).isEqualTo(s.frames());
                }
            }
        }
    }

    /**
     * Regression: the boot id was per JVM, so a camera powered off and on again in the same process
     * (fleet, tests) restarted its sequence numbers under the old boot id and the cloud skipped all its
     * video as already received.
     */
    @Test
    void aCameraPoweredOffAndOnAgainInOneProcessIsANewBootAndKeepsRecording() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            VirtualCamera first = powerOn(cloud, provisioned.flash());
            try {
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial).size() >= 1)).isTrue();
            } finally {
                first.close();
            }
            long firstBoot = segments(index, serial).get(0).bootId();

            VirtualCamera second = powerOn(cloud, provisioned.flash());
            try {
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial).stream()
                        .anyMatch(s -> s.bootId() != firstBoot))).as("the second boot is recorded").isTrue();
            } finally {
                second.close();
            }
            Segment secondBootFirst = segments(index, serial).stream().filter(s -> s.bootId() != firstBoot)
                    .findFirst().orElseThrow();
            assertThat(secondBootFirst.firstSequence()).as("sequence numbers restart with the boot").isZero();
        }
    }

    @Test
    void theUplinkCountsWhatItSentAndTheCloudAcknowledged() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            VirtualCamera camera = powerOn(cloud, provisioned.flash());
            try {
                assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().unitsAcked() > 0)).isTrue();
                UplinkStats stats = camera.uplink().stats();
                long persisted = lastSequence(index, provisioned.serial());
                assertThat(stats.unitsAcked()).isLessThanOrEqualTo(persisted + 1);
                assertThat(stats.unitsSent()).isGreaterThanOrEqualTo(stats.unitsAcked());
                assertThat(stats.gaps()).isZero();
                assertThat(stats.bufferBytes()).isLessThanOrEqualTo(AgentSettings.DEFAULT_UPLOAD_BUFFER_BYTES);
                assertThat(camera.video().framesWritten()).isGreaterThanOrEqualTo(stats.unitsRead());
            } finally {
                camera.close();
            }
        }
    }

    /** Waits until the camera has sent a second's worth of units past the last persisted segment. */
    private static void awaitUnacknowledgedInFlight(VirtualCamera camera, SegmentIndex index, String serial) {
        long persisted = lastSequence(index, serial);
        assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().unitsSent() > persisted + 20 + 1
                + camera.uplink().stats().unitsResent())).isTrue();
    }

    private static List<Segment> segments(SegmentIndex index, String serial) {
        return index.segments(serial, 0, Long.MAX_VALUE);
    }

    private static long lastSequence(SegmentIndex index, String serial) {
        return segments(index, serial).stream().mapToLong(Segment::lastSequence).max().orElse(-1);
    }

    /**
     * Frames ffprobe decodes. Not {@code Checkers.check}: that also demands a silent {@code ffmpeg -f null}
     * run, which warns when two capture times are closer than a frame (the synthetic source stamps a
     * frame when it hands it out, and a starved clock thread hands out late frames together); that is
     * the source's timing, not something the uplink changes, and it is reported separately.
     */
    private static int ffprobeFrames(Path file) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(probe.getInputStream().readAllBytes()).strip();
        assertThat(probe.waitFor()).as("ffprobe exit for %s", file).isZero();
        return Integer.parseInt(out);
    }

    private static boolean ffmpegPresent() {
        return Files.isExecutable(Path.of("/usr/bin/ffprobe")) && Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
    }
}
