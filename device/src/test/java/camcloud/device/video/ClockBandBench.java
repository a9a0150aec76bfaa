package camcloud.device.video;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.ZoneId;

/**
 * What the burned-in clock costs: the CPU of one band encode (done once per second per picture size,
 * however many cameras show it) and of one camera's splice of a band into a loop picture (done by
 * each camera once per second and on every IDR). Thread CPU time, after a warm-up. Not a test; run
 * it with
 * <pre>
 * mvn -q -o -pl device -am test-compile
 * M=~/.m2/repository; java -cp device/target/test-classes:device/target/classes:media/target/classes:\
 * $M/org/jcodec/jcodec/0.2.5/jcodec-0.2.5.jar:$M/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *     camcloud.device.video.ClockBandBench
 * </pre>
 * 2026-12-02, this project's 2-core machine under a load average of 20 (other builds): 360p band
 * (80 macroblocks) 2.8 ms per encode, 2.9 KB, splice 13 µs; 720p band (320 macroblocks) 7.2 ms,
 * 4.5 KB, splice 35 µs.
 */
public final class ClockBandBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        for (SceneSettings settings : new SceneSettings[] {SceneSettings.sd360(), SceneSettings.hd720()}) {
            EncodedLoop loop = new EncodedLoopCache().loop(settings, 0);
            PictureSplit split = loop.split();
            ClockBand band = new ClockBand(split);
            long base = System.currentTimeMillis();
            int warmUp = 20;
            int encodes = 100;
            for (int i = 0; i < warmUp; i++) {
                band.encode(ClockBand.label(base + 1000L * i, ZoneId.systemDefault()));
            }
            long bytes = 0;
            CodedSlice slice = null;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < encodes; i++) {
                slice = band.encode(ClockBand.label(base + 1000L * (warmUp + i), ZoneId.systemDefault()));
                bytes += slice.dataBits() / 8;
            }
            double encodeMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6 / encodes;

            int splices = 20_000;
            long sink = 0;
            for (int i = 0; i < splices; i++) {
                sink += loop.accessUnit(i % loop.frameCount(), slice).length;
            }
            cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < splices; i++) {
                sink += loop.accessUnit(i % loop.frameCount(), slice).length;
            }
            double spliceMicros = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / splices;

            System.out.printf("%dx%d: band %d macroblock rows (%d macroblocks), %.1f ms CPU per band encode"
                            + " (once a second per picture size), %d bytes per band; %.1f µs CPU per camera splice"
                            + " (once a second per camera and per IDR); loop %.0f kbit/s [%d]%n",
                    settings.width(), settings.height(), split.bandRows(), split.bandMacroblocks(), encodeMs,
                    bytes / encodes, spliceMicros, loop.averageBitrateKbps(), sink % 10);
        }
    }
}
