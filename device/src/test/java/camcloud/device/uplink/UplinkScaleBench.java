package camcloud.device.uplink;

import camcloud.device.camera.CameraVideo;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoApp;
import camcloud.device.video.VideoSourceSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the camera side of video costs per camera in one process: N video applications (360p/15
 * synthetic, on a 2-thread clock) writing rings and N uplinks (on 2 event loops) taking every unit into
 * their upload buffers; no network. Prints CPU and units per second. Not a test; run it with
 * <pre>
 * mvn -q -o -pl device test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp device/target/test-classes:device/target/classes:$(cat /tmp/cp.txt) \
 *     camcloud.device.uplink.UplinkScaleBench 500
 * </pre>
 * 2026-11-23, this project's 2-core machine: 100 cameras 9% of one core, 200 15%, 500 24%, no frame
 * lost in any ring.
 */
public final class UplinkScaleBench {

    public static void main(String[] args) throws Exception {
        int cameras = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory(CameraVideo.defaultRingDir(), "uplink-bench");
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        VideoSourceSpec spec = new VideoSourceSpec.Synthetic(SceneSettings.sd360());
        List<VideoApp> apps = new ArrayList<>();
        List<MediaUplink> uplinks = new ArrayList<>();
        try {
            for (int i = 0; i < cameras; i++) {
                Path ring = dir.resolve("camera-" + i + ".ring");
                apps.add(VideoApp.start(spec.open(i), ring, spec.ringBytes(), clock));
                MediaUplink uplink = new MediaUplink(ring, loops.next(), 1 << 20, Duration.ofMillis(20));
                uplink.start();
                uplinks.add(uplink);
            }
            Thread.sleep(5_000);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long read0 = uplinks.stream().mapToLong(u -> u.stats().unitsRead()).sum();
            Thread.sleep(10_000);
            long cpu1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            long read1 = uplinks.stream().mapToLong(u -> u.stats().unitsRead()).sum();
            long lost = uplinks.stream().mapToLong(u -> u.stats().ringLost()).sum();
            System.out.printf("%d cameras: CPU %.1f%% of one core, %.0f units/s (nominal %d), %d frames lost in rings%n",
                    cameras, 100.0 * (cpu1 - cpu0) / (t1 - t0), (read1 - read0) * 1e9 / (t1 - t0), cameras * 15, lost);
        } finally {
            uplinks.forEach(MediaUplink::close);
            apps.forEach(VideoApp::close);
            clock.shutdownNow();
            loops.shutdownGracefully();
            Files.deleteIfExists(dir);
        }
    }
}
