package camcloud.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cli.bench.ingest.ServerFigures;
import camcloud.cli.bench.ingest.VsNginx;
import camcloud.cli.bench.peer.FlvTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke version of {@code camcloud bench ingest --vs-nginx}: 3 real-time cameras into a node
 * process, then 3 ffmpeg publishers into nginx-rtmp, 5 s each. Both sides ran and recorded what
 * they were sent, and the figures came out positive; no figure is held to a value (the machine is
 * shared). Skipped where nginx-rtmp or ffmpeg is missing, unless CI=true.
 */
@EnabledOnOs(OS.LINUX)
@Tag("bench-smoke")
class IngestVsNginxTest {

    private static final int STREAMS = 3;

    @TempDir
    Path dir;

    @Test
    void bothServersRecordTheSameClipAndTheFiguresComeOutSideBySide() throws Exception {
        String missing = VsNginx.missingTools();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(missing).as("nginx-rtmp and ffmpeg must be installed on CI (CI=true)").isNull();
        }
        assumeTrue(missing == null, () -> "not installed: " + missing);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        VsNginx.Outcome outcome;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            outcome = new VsNginx(new VsNginx.Settings(STREAMS, 5, 3, 0, dir.resolve("run"), dir.resolve("cache"),
                    null, 1), out).run();
        }
        String text = printed.toString(StandardCharsets.UTF_8);

        for (ServerFigures side : List.of(outcome.camcloud(), outcome.nginx())) {
            assertThat(side.streams()).as(side.server()).isEqualTo(STREAMS);
            assertThat(side.bytes()).as(side.server() + " bytes").isPositive();
            assertThat(side.framesReceived()).as(side.server() + " frames").isPositive();
            assertThat(side.cpuMillisPerStreamSecond()).as(side.server() + " CPU").isPositive();
            assertThat(side.cpuMillisPerMegabit()).as(side.server() + " CPU per megabit").isPositive();
            assertThat(side.rssBytes()).as(side.server() + " RSS").isPositive();
        }
        assertThat(outcome.ratio()).isPositive();
        assertThat(outcome.memory().at2N().streams()).isEqualTo(2 * STREAMS);
        assertThat(outcome.memory().at2N().heapBytes()).isPositive();
        assertThat(text).contains("machine:", "CPU ms per stream-second", "CPU ms per megabit",
                "ratio camcloud / nginx-rtmp", "per streaming camera");

        Path record = dir.resolve("run/nginx/record");
        for (int i = 0; i < STREAMS; i++) {
            assertThat(FlvTags.count(record.resolve("s" + i + ".flv")).videoFrames())
                    .as("nginx recorded stream s%d", i).isPositive();
        }

        List<Path> segments;
        try (Stream<Path> files = Files.walk(dir.resolve("run/node/data/video"))) {
            segments = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".part")).toList();
        }
        assertThat(segments).as("the node recorded segments").isNotEmpty();
        for (Path segment : segments) {
            String[] probe = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", segment.toString());
            assertThat(probe[1]).as("ffprobe errors for %s", segment).isEmpty();
            assertThat(Integer.parseInt(probe[0].strip())).as("frames in %s", segment).isPositive();
        }
    }

    /** stdout and stderr of a tool. */
    private static String[] run(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("ffprobe", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new String[] {out, Files.readString(err).strip()};
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
