package camcloud.device.scene;

import camcloud.device.video.LiveEncoder;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.Resolution;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneId;

/**
 * What a live scene camera costs per frame: rendering the picture ({@link ScriptedScene}) and
 * encoding it with JCodec ({@link LiveEncoder}), in thread CPU time after a warm-up, with an object
 * crossing the view (so the picture changes) and an IDR every 2 s. Not a test; run it with
 * <pre>
 * mvn -q -o -pl device -am test-compile
 * M=~/.m2/repository; java -cp device/target/test-classes:device/target/classes:media/target/classes:\
 * $M/org/jcodec/jcodec/0.2.5/jcodec-0.2.5.jar:$M/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *     camcloud.device.scene.LiveSceneBench
 * </pre>
 * Figures are in the README's camera section.
 */
public final class LiveSceneBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int fps = 15;
        for (Resolution resolution : LiveSceneSource.RESOLUTIONS) {
            SceneScript script = SceneScript.parse("0s object enters left speed 0.2; loop 6s");
            ScriptedScene scene = new ScriptedScene(script, new PtzHead(),
                    LiveSceneSource.defaults(resolution, fps, 800));
            LiveEncoder encoder = new LiveEncoder(resolution.width(), resolution.height(), fps,
                    resolution.width() >= 1280 ? 4500 : 800, 2 * fps, ZoneId.systemDefault());
            int warmUp = 45;
            int frames = resolution.width() >= 1280 ? 90 : 150;
            long bytes = 0;
            long renderNanos = 0;
            long encodeNanos = 0;
            for (int i = 0; i < warmUp + frames; i++) {
                long micros = i * 1_000_000L / fps;
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                RawPicture picture = scene.render(micros, micros, 1_700_000_000_000L + micros / 1000);
                long cpu1 = THREADS.getCurrentThreadCpuTime();
                byte[] unit = encoder.encode(picture).annexB();
                long cpu2 = THREADS.getCurrentThreadCpuTime();
                if (i >= warmUp) {
                    renderNanos += cpu1 - cpu0;
                    encodeNanos += cpu2 - cpu1;
                    bytes += unit.length;
                }
            }
            double renderMs = renderNanos / 1e6 / frames;
            double encodeMs = encodeNanos / 1e6 / frames;
            System.out.printf("%s: render %.1f ms + encode %.1f ms CPU per frame; %.0f%% of a core at %d fps;"
                            + " %.0f kbit/s%n", resolution, renderMs, encodeMs, (renderMs + encodeMs) * fps / 10,
                    fps, bytes * 8.0 * fps / frames / 1000);
        }
    }
}
