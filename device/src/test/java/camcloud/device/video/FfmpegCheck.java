package camcloud.device.video;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.testing.Ffmpeg;
import java.nio.file.Path;

/**
 * The independent checkers {@code ffmpeg}/{@code ffprobe} for the raw H.264 the device's video code
 * makes, on top of media's {@link Ffmpeg} (skipped where missing, a failure on CI).
 */
final class FfmpegCheck {

    private FfmpegCheck() {
    }

    static void assumeAvailable() {
        Ffmpeg.assumeAvailable();
    }

    /** {@code ffmpeg -v error -f h264 -i FILE -f null -} must exit 0 and print nothing. */
    static void assertDecodesCleanly(Path rawH264) {
        Ffmpeg.Result result = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-f", "h264", "-i", rawH264.toString(), "-f", "null", "-");
        assertThat(result.exitCode()).as("ffmpeg exit code, stderr: %s", result.stderr()).isZero();
        assertThat(result.stderr()).as("ffmpeg stderr").isEmpty();
    }

    /** ffprobe's flat {@code key=value} view of the first video stream, counting frames by decoding. */
    static String probeStream(Path rawH264) {
        Ffmpeg.Result result = Ffmpeg.run("ffprobe", "-v", "error", "-f", "h264", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,profile,width,height,nb_read_frames", "-of", "flat",
                rawH264.toString());
        assertThat(result.exitCode()).as("ffprobe exit code, stderr: %s", result.stderr()).isZero();
        assertThat(result.stderr()).as("ffprobe stderr").isEmpty();
        return result.stdout();
    }
}
