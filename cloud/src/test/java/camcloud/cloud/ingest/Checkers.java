package camcloud.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.testing.Ffmpeg;
import java.nio.file.Path;

/**
 * {@code ffprobe} and {@code ffmpeg} on the segments the recorder wrote (the same rule as media's
 * tests: skipped where they are missing, a failure on CI, {@code CI=true}).
 */
public final class Checkers {

    /** What ffprobe says of one segment. */
    public record Probe(int frames, double startSeconds, double endSeconds, int width, int height) {
        public double lengthSeconds() {
            return endSeconds - startSeconds;
        }
    }

    private Checkers() {
    }

    public static void assumeFfmpeg() {
        Ffmpeg.assumeAvailable();
    }

    /**
     * {@code ffprobe -v error} must accept the file with empty stderr and {@code ffmpeg -v error -i F
     * -f null -} must decode it with empty stderr; returns frames and times. ffprobe reports a
     * fragmented segment's "duration" as its end time, so length = duration - start_time.
     */
    public static Probe check(Path file) {
        String[] probe = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames,width,height:format=start_time,duration", "-of",
                "default=noprint_wrappers=1", file.toString());
        assertThat(probe[2]).as("ffprobe stderr for %s", file).isEmpty();
        assertThat(probe[0]).as("ffprobe exit for %s", file).isEqualTo("0");
        String[] decode = run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertThat(decode[2]).as("ffmpeg stderr for %s", file).isEmpty();
        assertThat(decode[0]).as("ffmpeg exit for %s", file).isEqualTo("0");
        return new Probe(Integer.parseInt(value(probe[1], "nb_read_frames")),
                Double.parseDouble(value(probe[1], "start_time")), Double.parseDouble(value(probe[1], "duration")),
                Integer.parseInt(value(probe[1], "width")), Integer.parseInt(value(probe[1], "height")));
    }

    private static String value(String out, String key) {
        for (String line : out.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError("ffprobe printed no " + key + ":\n" + out);
    }

    /** exit code, stdout, stderr. */
    private static String[] run(String... command) {
        Ffmpeg.Result r = Ffmpeg.run(command);
        return new String[] {Integer.toString(r.exitCode()), r.stdout(), r.stderr()};
    }
}
