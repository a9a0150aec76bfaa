package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.uplink.UplinkStats;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.media.testing.Ffmpeg;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real network outages between real virtual cameras and a real cloud node: each camera dials the
 * gateway through its own {@link CuttableProxy}, and the proxies are cut at the same moment for 5, 10,
 * 15 and 30 s — the longer ones outlast the recorder's 10 s reconnect grace — while a sixth camera,
 * with an upload buffer too small for 30 s, is cut for 30 s as well. The cameras run the production
 * agent settings (backoff included). All outages run in parallel, so the class costs about one long
 * cut.
 *
 * <p>What must hold: an outage the camera's buffer covers leaves no gap (no gap row, segments that
 * continue each other by sequence and in time, nothing dropped on the camera), one it cannot cover is
 * a gap with the camera's reason and counted by the camera, and every segment passes ffprobe and
 * ffmpeg. A seventh camera powers on while its network is down: its first seconds reach the cloud as a
 * backlog, and its first segment must still have decode times with real spacing (ffmpeg silent at
 * warning level).
 */
class NetworkCutTest {

    private static final Logger log = LoggerFactory.getLogger(NetworkCutTest.class);

    private static final Duration WAIT = Duration.ofSeconds(150);
    /** Small and cheap; an IDR every 2 s, so a GOP cut open by an outage is long enough to miss. */
    private static final SceneSettings SCENE = new SceneSettings(320, 180, 15, 300, 30, 4);
    private static final long FRAME_MICROS = 1_000_000 / SCENE.fps();
    /** About 7 s of this scene: a 30 s outage overflows it. */
    private static final long SMALL_BUFFER_BYTES = 256 << 10;
    private static final int OVERFLOW = -30;
    private static final int COLD = 0;

    @TempDir
    static Path dir;

    private static TestCloud cloud;
    private static SegmentIndex index;
    private static EventLoopGroup cameraLoops;
    private static ScheduledExecutorService videoClock;
    private static final List<CuttableProxy> proxies = new ArrayList<>();
    /** By cut length in seconds; {@link #OVERFLOW} is the small-buffer camera, {@link #COLD} the one powered on offline. */
    private static final Map<Integer, Outcome> outcomes = new LinkedHashMap<>();

    /** What one camera lived through. */
    record Outcome(String serial, long cutFromMicros, long cutToMicros, long reconnectMillis, UplinkStats stats,
                   List<Segment> segments, List<RecordingGap> gaps) {
    }

    private record Rig(int key, CuttableProxy proxy, VirtualCamera camera, String serial) {
    }

    @BeforeAll
    static void cutTheNetworkOfSixCameras() throws Exception {
        Checkers.assumeFfmpeg();
        cloud = TestCloud.start(dir);
        index = new SegmentIndex(cloud.server().database());
        cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        videoClock = Executors.newScheduledThreadPool(2);

        Rig cold = rig(COLD, AgentSettings.DEFAULT_UPLOAD_BUFFER_BYTES, Duration.ofSeconds(5));
        List<Rig> rigs = new ArrayList<>();
        for (int seconds : new int[] {5, 10, 15, 30}) {
            rigs.add(rig(seconds, AgentSettings.DEFAULT_UPLOAD_BUFFER_BYTES, null));
        }
        rigs.add(rig(OVERFLOW, SMALL_BUFFER_BYTES, null));
        long coldCutEnd = cold.proxy().cutEndsAtNanos();
        long coldSessions = 0;

        List<Rig> all = new ArrayList<>(rigs);
        all.add(cold);
        assertThat(TestCloud.await(WAIT, () -> all.stream().allMatch(r -> !segments(r.serial()).isEmpty())))
                .as("every camera has a first segment").isTrue();

        long cutFromMicros = System.currentTimeMillis() * 1000;
        for (Rig r : rigs) {
            r.proxy().cut(Duration.ofSeconds(Math.abs(r.key())));
        }
        Thread.sleep(1_000); // no session can start during a cut; one welcomed just before it has been counted
        long[] sessionsBefore = new long[rigs.size()];
        for (int i = 0; i < rigs.size(); i++) {
            sessionsBefore[i] = rigs.get(i).camera().agent().sessionsStarted();
        }
        long[] reconnectedAt = new long[rigs.size()];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && java.util.Arrays.stream(reconnectedAt).anyMatch(t -> t == 0)) {
            for (int i = 0; i < rigs.size(); i++) {
                if (reconnectedAt[i] == 0 && rigs.get(i).camera().agent().sessionsStarted() > sessionsBefore[i]) {
                    reconnectedAt[i] = System.nanoTime();
                }
            }
            Thread.sleep(10);
        }
        assertThat(reconnectedAt).as("every camera came back").doesNotContain(0L);
        long[] readAtReconnect = new long[rigs.size()];
        for (int i = 0; i < rigs.size(); i++) {
            readAtReconnect[i] = rigs.get(i).camera().uplink().stats().unitsRead();
        }
        for (int i = 0; i < rigs.size(); i++) {
            long past = readAtReconnect[i] + SCENE.fps();
            String serial = rigs.get(i).serial();
            assertThat(TestCloud.await(WAIT, () -> lastSequence(serial) > past))
                    .as("camera %s records past its reconnect", serial).isTrue();
        }
        for (int i = 0; i < rigs.size(); i++) {
            Rig r = rigs.get(i);
            long cutMillis = Math.abs(r.key()) * 1000L;
            long reconnectMillis = TimeUnit.NANOSECONDS.toMillis(reconnectedAt[i] - r.proxy().cutEndsAtNanos());
            log.info("cut of {} s ({}): camera back {} ms after the network", Math.abs(r.key()),
                    r.key() == OVERFLOW ? "small buffer" : "4 MiB buffer", reconnectMillis);
            outcomes.put(r.key(), outcome(r, cutFromMicros, cutFromMicros + cutMillis * 1000, reconnectMillis));
        }
        outcomes.put(COLD, outcome(cold, 0, 0, 0));
        for (Rig r : all) {
            r.camera().close();
        }
    }

    private static Rig rig(int key, long bufferBytes, Duration offlineAtPowerOn) throws Exception {
        CuttableProxy proxy = CuttableProxy.start(cloud.server().gatewayPort());
        proxies.add(proxy);
        TestCloud.Provisioned provisioned = cloud.provisionVia(proxy.port());
        if (offlineAtPowerOn != null) {
            proxy.cut(offlineAtPowerOn);
        }
        VirtualCamera camera = VirtualCamera.powerOn(provisioned.flash(), cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE).withUploadBufferBytes(bufferBytes),
                new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock, dir));
        return new Rig(key, proxy, camera, provisioned.serial());
    }

    private static Outcome outcome(Rig r, long cutFrom, long cutTo, long reconnectMillis) {
        return new Outcome(r.serial(), cutFrom, cutTo, reconnectMillis, r.camera().uplink().stats(),
                segments(r.serial()), index.gaps(r.serial(), 0, Long.MAX_VALUE));
    }

    @AfterAll
    static void stop() {
        proxies.forEach(CuttableProxy::close);
        if (cloud != null) {
            cloud.close();
        }
        if (videoClock != null) {
            videoClock.shutdownNow();
        }
        if (cameraLoops != null) {
            cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "a {0} s cut")
    @ValueSource(ints = {5, 10, 15, 30})
    void aCutTheUploadBufferCoversLeavesNoGapAndNothingDropped(int seconds) {
        Outcome o = outcomes.get(seconds);
        assertThat(o.gaps()).as("gaps listed").isEmpty();
        assertThat(o.stats().unitsDropped()).as("units the camera dropped").isZero();
        assertThat(o.stats().gaps()).as("gaps the camera reported").isZero();
        assertThat(o.stats().unitsResent()).as("the camera resent what was not acknowledged").isPositive();
        List<Segment> segments = o.segments();
        assertThat(segments.get(0).firstSequence()).as("recorded from the first unit").isZero();
        for (int i = 1; i < segments.size(); i++) {
            Segment before = segments.get(i - 1);
            Segment after = segments.get(i);
            assertThat(after.firstSequence()).as("segment %d continues segment %d", i, i - 1)
                    .isEqualTo(before.lastSequence() + 1);
            assertThat(after.startMicros() - before.endMicros()).as("hole between segments %d and %d", i - 1, i)
                    .isBetween(-1L, 2 * FRAME_MICROS);
        }
        assertThat(segments.get(0).startMicros()).isLessThan(o.cutFromMicros());
        assertThat(segments.get(segments.size() - 1).endMicros()).isGreaterThan(o.cutToMicros());
        assertFilesAroundTheCutCheckOut(o);
    }

    @Test
    void aCutLongerThanTheUploadBufferIsAGapWithTheCamerasReasonAndCountedByTheCamera() {
        Outcome o = outcomes.get(OVERFLOW);
        assertThat(o.stats().unitsDropped()).as("units the camera dropped").isPositive();
        assertThat(o.stats().gaps()).as("gaps the camera reported").isPositive();
        assertThat(o.gaps()).as("gaps listed").isNotEmpty();
        assertThat(o.gaps()).allSatisfy(g -> assertThat(g.reason()).contains("upload buffer full"));
        assertThat(o.gaps()).anySatisfy(g -> {
            assertThat(g.startMicros()).isLessThan(o.cutToMicros());
            assertThat(g.endMicros()).isGreaterThan(o.cutFromMicros());
        });
        assertFilesAroundTheCutCheckOut(o);
    }

    @Test
    void aCameraPoweredOnOfflineRecordsItsFirstSecondsWithRealFrameSpacing() {
        Outcome o = outcomes.get(COLD);
        Segment first = o.segments().get(0);
        assertThat(first.firstSequence()).isZero();
        Path file = file(first);
        Ffmpeg.Result warnings = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "warning", "-i", file.toString(), "-f",
                "null", "-");
        assertThat(warnings.stderr()).as("ffmpeg warnings on the first segment").isEmpty();
        Ffmpeg.Result packets = Ffmpeg.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=dts", "-of", "csv=p=0", file.toString());
        long[] dts = packets.stdout().lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.trim()))
                .toArray();
        assertThat(dts.length).isEqualTo(first.frames());
        for (int i = 1; i < dts.length; i++) {
            assertThat(dts[i] - dts[i - 1]).as("decode time step %d (90 kHz ticks)", i)
                    .isGreaterThanOrEqualTo(FRAME_MICROS * 90 / 1000 / 2);
        }
        assertFileChecksOut(first);
    }

    /**
     * ffprobe and ffmpeg on every segment from 5 s before the cut to 15 s after it, where the resent
     * video lands (the rest is ordinary streaming, checked elsewhere; two tools per file cost seconds on
     * a loaded machine).
     */
    private static void assertFilesAroundTheCutCheckOut(Outcome o) {
        List<Segment> around = o.segments().stream()
                .filter(s -> s.endMicros() > o.cutFromMicros() - 5_000_000 && s.startMicros() < o.cutToMicros()
                        + 15_000_000)
                .toList();
        assertThat(around).isNotEmpty();
        around.forEach(NetworkCutTest::assertFileChecksOut);
    }

    private static void assertFileChecksOut(Segment s) {
        assertThat(Checkers.check(file(s)).frames()).as("frames ffprobe reads in %s", s.storageKey())
                .isEqualTo(s.frames());
    }

    private static Path file(Segment s) {
        return ((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(s.storageKey());
    }

    private static List<Segment> segments(String serial) {
        return index.segments(serial, 0, Long.MAX_VALUE);
    }

    private static long lastSequence(String serial) {
        return segments(serial).stream().mapToLong(Segment::lastSequence).max().orElse(-1);
    }
}
