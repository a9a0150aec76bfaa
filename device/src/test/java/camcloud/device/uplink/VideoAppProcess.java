package camcloud.device.uplink;

import camcloud.device.video.SceneSettings;
import camcloud.device.video.SyntheticVideoSource;
import camcloud.device.video.VideoApp;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Child process of {@link CrossProcessUplinkTest}: the camera's video application on its own,
 * writing a small synthetic scene into the ring file given as argument. Says READY, runs until its
 * stdin closes, then closes the ring and says DONE.
 */
public final class VideoAppProcess {

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        VideoApp app = VideoApp.start(new SyntheticVideoSource(new SceneSettings(64, 64, 30, 100, 10, 1), 5),
                Path.of(args[0]), clock);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
            // until the parent closes our stdin
        }
        app.close();
        clock.shutdownNow();
        System.out.println("DONE " + app.framesWritten());
        System.out.flush();
    }
}
