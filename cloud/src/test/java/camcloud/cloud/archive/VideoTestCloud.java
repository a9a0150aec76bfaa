package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.ObjectStore;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.device.video.EncodedLoop;
import camcloud.device.video.EncodedLoopCache;
import camcloud.device.video.SceneSettings;
import camcloud.media.fmp4.SampleClock;
import camcloud.media.fmp4.SegmentInfo;
import camcloud.media.fmp4.SegmentWriter;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A real cloud node with one camera owned by a signed-in user, a second signed-in user who does not
 * own it, and an anonymous client; real H.264 (the virtual camera's JCodec scene, 320x180, 25 fps,
 * an IDR every second) to stream live or to record as real segment files.
 */
public final class VideoTestCloud implements AutoCloseable {

    public static final SceneSettings SCENE = new SceneSettings(320, 180, 25, 400, 25, 2);
    public static final long FRAME_MICROS = 40_000;
    /** Frames in one recorded test segment: 2 s. */
    public static final int SEGMENT_FRAMES = 50;

    public final TestCloud cloud;
    public final String serial;
    public final ApiClient owner;
    public final ApiClient other;
    public final ApiClient anonymous;
    public final String ownerCookie;
    public final String otherCookie;
    public final SegmentIndex index;
    private int segments;

    private VideoTestCloud(TestCloud cloud, String serial, ApiClient owner, String ownerCookie, ApiClient other,
                           String otherCookie) {
        this.cloud = cloud;
        this.serial = serial;
        this.owner = owner;
        this.ownerCookie = ownerCookie;
        this.other = other;
        this.otherCookie = otherCookie;
        this.anonymous = new ApiClient(cloud.httpBase());
        this.index = new SegmentIndex(cloud.server().database());
    }

    public static VideoTestCloud start(Path dir) throws IOException {
        TestCloud cloud = TestCloud.start(dir);
        String serial = "CCTEST" + Long.toHexString(System.nanoTime()).toUpperCase();
        String code = ClaimCode.generate();
        cloud.server().devices().register(new DeviceStore.Registration(serial, "02:00:00:00:00:01", "test-model",
                new byte[] {1}, new byte[] {2}, code));
        ApiClient owner = new ApiClient(cloud.httpBase());
        String ownerCookie = signUp(owner, "owner");
        assertThat(owner.claim(code, "porch").status()).isEqualTo(201);
        ownedSinceLongAgo(cloud, serial);
        ApiClient other = new ApiClient(cloud.httpBase());
        String otherCookie = signUp(other, "other");
        return new VideoTestCloud(cloud, serial, owner, ownerCookie, other, otherCookie);
    }

    /**
     * The tests record segments in the past (yesterday, an hour ago) as a camera does that has been its
     * owner's for a long time: its ownership starts at the epoch, not at the test's claim, so that
     * video is the owner's to see.
     */
    private static void ownedSinceLongAgo(TestCloud cloud, String serial) {
        cloud.server().database().query(c -> {
            try (var p = c.prepareStatement("UPDATE camera_ownerships SET from_us = 0 WHERE camera_serial = ?")) {
                p.setString(1, serial);
                return p.executeUpdate();
            }
        });
    }

    /** Signs up and returns the {@code Cookie} header value of the session. */
    private static String signUp(ApiClient client, String name) {
        ApiClient.Response r = client.signUp(name, "correct horse battery");
        assertThat(r.status()).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The encoded scene (shared by the whole test run; encoded once). */
    public static EncodedLoop loop() {
        return EncodedLoopCache.shared().loop(SCENE, 0);
    }

    public static StreamFormat format() {
        EncodedLoop loop = loop();
        return new StreamFormat(SCENE.width(), SCENE.height(), SCENE.fps(), loop.format().sps(), loop.format().pps());
    }

    /** Frame {@code n} of an endless stream (the loop repeated) as a unit the gateway would send. */
    public static TimedUnit unit(long n, long timeMicros, long wallMillis) {
        EncodedLoop loop = loop();
        int i = (int) (n % loop.frameCount());
        return new TimedUnit(n, timeMicros, wallMillis, loop.isKeyframe(i), false,
                Unpooled.wrappedBuffer(loop.accessUnit(i)));
    }

    public ObjectStore store() {
        return cloud.server().videoStore();
    }

    /**
     * Records a 2 s segment starting at {@code startMicros} with the recorder's layout: a
     * self-contained file starting at decode time 0 in the store, and its index row placing it on
     * the camera's decode timeline (cloud time in 90 kHz ticks).
     */
    public Segment record(long startMicros, boolean discontinuity) throws IOException, MalformedH264Exception {
        EncodedLoop loop = loop();
        VideoTrack track = VideoTrack.of(NalUnit.of(loop.format().sps()), NalUnit.of(loop.format().pps()));
        SampleClock clock = SampleClock.standard();
        String key = serial + "/test/" + (++segments) + ".mp4";
        SegmentInfo info;
        try (ObjectStore.PendingObject file = store().create(key)) {
            SegmentWriter writer = new SegmentWriter(track, 0, file::write, clock, 1, true);
            for (int i = 0; i < SEGMENT_FRAMES; i++) {
                writer.add(AccessUnit.fromAnnexB(loop.accessUnit(i % loop.frameCount())),
                        startMicros + i * FRAME_MICROS, (startMicros + i * FRAME_MICROS) / 1000);
            }
            info = writer.finish(startMicros + SEGMENT_FRAMES * FRAME_MICROS);
            file.commit();
        }
        long end = startMicros + info.durationTicks() * 1_000_000L / info.timescale();
        return index.add(new Segment(0, serial, startMicros, end, key, info.size(), info.initSize(), info.frames(),
                info.timescale(), startMicros * 9 / 100, info.durationTicks(), track.codecString(), track.width(),
                track.height(), discontinuity, 1, 0, info.frames() - 1, System.currentTimeMillis()));
    }

    @Override
    public void close() {
        cloud.close();
    }
}
