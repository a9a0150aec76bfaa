package camcloud.cloud.webapp;

import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoSourceSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A virtual camera on the live synthetic scene following a scene script (objects crossing, a noise
 * on cue), small and quick to encode, with fast reconnects: a camera whose own analytics produce
 * events, that can pan and tilt, and whose settings apply. Closes its loops with it.
 */
final class ScriptedCamera implements AutoCloseable {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    final VirtualCamera camera;

    ScriptedCamera(Path flash, Path dir, String script) throws IOException {
        VideoSourceSpec scene = new VideoSourceSpec.Scene(SceneScript.parse(script), null,
                LiveSceneSource.defaults(new SceneControl.Resolution(640, 360), 10, 600));
        try {
            camera = VirtualCamera.powerOn(flash, loops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    new CameraVideo(scene, clock, Files.createDirectories(dir.resolve("scripted-rings"))));
        } catch (IOException | RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            camera.close();
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        clock.shutdownNow();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
