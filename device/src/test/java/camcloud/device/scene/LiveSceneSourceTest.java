package camcloud.device.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.video.ImageSettings;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.device.video.VideoApp;
import camcloud.device.video.VideoFrame;
import camcloud.media.h264.AnnexB;
import camcloud.media.h264.NalUnitType;
import camcloud.media.testing.Ffmpeg;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSceneSourceTest {

    private static final Resolution SD = new Resolution(640, 360);
    private static final Resolution SMALL = new Resolution(320, 180);

    @TempDir
    Path dir;

    @Test
    void itsOutputIsH264ThatFfprobeDecodesAtTheRightSizeAcrossAResolutionChange() throws Exception {
        Ffmpeg.assumeAvailable();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<VideoFrame> frames = new ArrayList<>();
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.parse("0s object enters left speed 1"),
                LiveSceneSource.defaults(SD, 30, 800))) {
            assertThat(source.format().width()).isEqualTo(640);
            for (int i = 0; i < 12; i++) {
                frames.add(source.next());
            }
            source.apply(LiveSceneSource.defaults(SMALL, 30, 400));
            for (int i = 0; i < 12; i++) {
                frames.add(source.next());
            }
            assertThat(source.format().width()).isEqualTo(320);
        }
        for (VideoFrame frame : frames) {
            stream.write(frame.annexB());
        }
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(1).keyframe()).isFalse();
        assertThat(frames.get(12).keyframe()).as("the first frame of the new size").isTrue();
        assertThat(AnnexB.split(frames.get(12).annexB()).get(0).type()).isEqualTo(NalUnitType.SPS);

        Path file = dir.resolve("scene.h264");
        Files.write(file, stream.toByteArray());
        Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-f", "h264", "-show_entries", "frame=width,height",
                "-of", "csv=p=0", file.toString());
        assertThat(probe.exitCode()).as(probe.stderr()).isZero();
        List<String> sizes = probe.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertThat(sizes).hasSize(24);
        assertThat(sizes.subList(0, 12)).containsOnly("640,360");
        assertThat(sizes.subList(12, 24)).containsOnly("320,180");
        Ffmpeg.Result decode = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-f", "h264", "-i", file.toString(),
                "-f", "null", "-");
        assertThat(decode.exitCode()).isZero();
        assertThat(decode.stderr()).isEmpty();
    }

    @Test
    void aNewFrameRateIsANewSpsThatCarriesIt() throws Exception {
        Ffmpeg.assumeAvailable();
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(SMALL, 30, 400))) {
            byte[] before = source.format().sps();
            source.next();
            source.apply(LiveSceneSource.defaults(SMALL, 25, 400));
            VideoFrame first = source.next();
            assertThat(source.format().fps()).isEqualTo(25);
            assertThat(source.format().sps()).isNotEqualTo(before);
            assertThat(first.keyframe()).isTrue();
            Path file = dir.resolve("fps.h264");
            Files.write(file, first.annexB());
            Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-f", "h264", "-show_entries",
                    "stream=r_frame_rate", "-of", "csv=p=0", file.toString());
            assertThat(probe.stdout().strip()).isEqualTo("25/1");
        }
    }

    @Test
    void everyPictureGoesToTheRawListenersBeforeItIsEncodedUntilRemoved() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(SMALL, 30, 400))) {
            Runnable remove = source.addRawPictureListener(picture -> seen.add(picture.captureMicros()));
            VideoFrame a = source.next();
            VideoFrame b = source.next();
            remove.run();
            source.next();
            assertThat(seen).containsExactly(a.captureMicros(), b.captureMicros());
        }
    }

    @Test
    void aResolutionTheCameraCannotDoIsRefusedAndNothingChanges() {
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(SMALL, 30, 400))) {
            ImageSettings before = source.imageSettings();
            assertThatThrownBy(() -> source.apply(LiveSceneSource.defaults(new Resolution(1920, 1080), 30, 400)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("video.resolution 1920x1080 is not one of 1280x720, 640x360, 320x180");
            assertThat(source.imageSettings()).isEqualTo(before);
            assertThatThrownBy(() -> source.moveTo(171, 0, 0)).hasMessageContaining("pan limit -170..170");
            assertThat(source.ptzPosition().panDeg()).isZero();
        }
    }

    @Test
    void theVideoAppOffersTheScenesControlsItsRawPicturesAndItsEncodedFrames() throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        List<RawPicture> raw = new CopyOnWriteArrayList<>();
        List<VideoFrame> encoded = new CopyOnWriteArrayList<>();
        try (VideoApp app = VideoApp.start(new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(SMALL, 15, 400)), dir.resolve("scene.ring"), clock)) {
            assertThat(app.sceneControl()).isPresent();
            app.onRawPicture(raw::add);
            app.onEncodedFrame(encoded::add);
            app.sceneControl().orElseThrow().nightMode(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((raw.size() < 3 || encoded.size() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(raw).hasSizeGreaterThanOrEqualTo(3);
            assertThat(encoded).hasSizeGreaterThanOrEqualTo(3);
            assertThat(raw.get(raw.size() - 1).width()).isEqualTo(320);
        } finally {
            clock.shutdownNow();
        }
    }

    @Test
    void aSourceWithoutRawPicturesHasNoControlsAndNeverCallsARawListener() throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (VideoApp app = VideoApp.start(new camcloud.device.video.FileVideoSource(
                camcloud.device.video.FileVideoSource.Clip.load(h264Clip(), 15)), dir.resolve("file.ring"), clock)) {
            assertThat(app.sceneControl()).isEmpty();
            List<RawPicture> raw = new CopyOnWriteArrayList<>();
            Runnable remove = app.onRawPicture(raw::add);
            remove.run();
            assertThat(raw).isEmpty();
        } finally {
            clock.shutdownNow();
        }
    }

    /** A short clip of the live source itself, as a file. */
    private Path h264Clip() throws Exception {
        Path file = dir.resolve("clip.h264");
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(SMALL, 30, 400))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < 5; i++) {
                out.write(source.next().annexB());
            }
            Files.write(file, out.toByteArray());
        }
        return file;
    }
}
