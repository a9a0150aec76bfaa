package camcloud.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSource;
import camcloud.device.video.VideoSourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --source} fails fast, naming the flag and the value, for every kind of bad value. */
class VideoSourceSpecTest {

    private static final SceneSettings SCENE = new SceneSettings(64, 64, 10, 100, 10, 1);

    @TempDir
    Path dir;

    @Test
    void syntheticIsTheScene() throws Exception {
        VideoSourceSpec spec = VideoSourceSpec.parse("synthetic", SCENE);
        assertThat(spec).isEqualTo(new VideoSourceSpec.Synthetic(SCENE));
        try (VideoSource source = spec.open(42)) {
            assertThat(source.format().width()).isEqualTo(64);
        }
    }

    @Test
    void aSyntheticRingHoldsFourTimesTheLargestFrameTheSceneEncodesAndStaysSmallForSmallScenes() {
        for (SceneSettings scene : new SceneSettings[] {SCENE, SceneSettings.sd360()}) {
            VideoSourceSpec spec = new VideoSourceSpec.Synthetic(scene);
            try (camcloud.device.video.SyntheticVideoSource source = new camcloud.device.video.SyntheticVideoSource(scene, 1)) {
                int largest = 0;
                for (int i = 0; i < source.loop().frameCount(); i++) {
                    largest = Math.max(largest, source.loop().accessUnit(i).length);
                }
                assertThat(spec.ringBytes()).as("ring of %s", scene).isGreaterThanOrEqualTo(4 * largest);
            }
        }
        assertThat(new VideoSourceSpec.Synthetic(SCENE).ringBytes()).isEqualTo(VideoSourceSpec.MIN_RING_BYTES);
        assertThat(new VideoSourceSpec.Synthetic(SceneSettings.sd360()).ringBytes()).isEqualTo(1 << 20);
        assertThat(new VideoSourceSpec.Synthetic(SceneSettings.hd720()).ringBytes()).isEqualTo(4 << 20);
    }

    @Test
    void sceneIsTheStaticLiveSceneAtTheGivenSizeAndControllable() throws Exception {
        SceneSettings sd = new SceneSettings(320, 180, 10, 300, 20, 4);
        VideoSourceSpec spec = VideoSourceSpec.parse("scene", sd);
        assertThat(spec).isInstanceOf(VideoSourceSpec.Scene.class);
        assertThat(((VideoSourceSpec.Scene) spec).script().isStatic()).isTrue();
        try (VideoSource source = spec.open(1)) {
            assertThat(source).isInstanceOf(camcloud.device.video.SceneControl.class);
            assertThat(source.format().width()).isEqualTo(320);
            assertThat(source.format().fps()).isEqualTo(10);
        }
        assertThat(spec.ringBytes()).isEqualTo(8 << 20);
    }

    @Test
    void sceneWithAScriptFileReadsItAndNamesTheFileAndLineOfAMistake() throws Exception {
        SceneSettings sd = new SceneSettings(640, 360, 10, 800, 20, 4);
        Path good = Files.writeString(dir.resolve("good.scene"), "10s object enters left\n20s lights off\n");
        VideoSourceSpec.Scene spec = (VideoSourceSpec.Scene) VideoSourceSpec.parse("scene:" + good, sd);
        assertThat(spec.script().actions()).hasSize(2);
        assertThat(spec.scriptFile()).isEqualTo(good);

        Path bad = Files.writeString(dir.resolve("bad.scene"), "10s object enters left\n20s lights of\n");
        assertThatThrownBy(() -> VideoSourceSpec.parse("scene:" + bad, sd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--source 'scene:" + bad + "': scene script line 2 ('20s lights of'): lights must be on,"
                        + " off or a level 0..1, was 'of'");
        Path missing = dir.resolve("missing.scene");
        assertThatThrownBy(() -> VideoSourceSpec.parse("scene:" + missing, sd))
                .hasMessageStartingWith("--source 'scene:" + missing + "': cannot read " + missing.toAbsolutePath());
        assertThatThrownBy(() -> VideoSourceSpec.parse("scene:", sd)).hasMessageContaining("names no script");
    }

    @Test
    void sceneRefusesASizeOrRateTheVirtualCameraCannotDo() {
        assertThatThrownBy(() -> VideoSourceSpec.parse("scene", new SceneSettings(800, 600, 10, 800, 20, 4)))
                .hasMessage("--source scene takes --resolution 1280x720, 640x360, 320x180; was 800x600");
        assertThatThrownBy(() -> VideoSourceSpec.parse("scene", new SceneSettings(640, 360, 50, 800, 100, 4)))
                .hasMessage("--source scene: video.fps must be in [1, 30], was 50");
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> VideoSourceSpec.parse("rtsp://camera/stream", SCENE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--source must be 'synthetic', 'scene', 'scene:SCRIPTFILE' or 'file:PATH', was 'rtsp://camera/stream'");
        assertThatThrownBy(() -> VideoSourceSpec.parse("", SCENE))
                .hasMessageContaining("--source").hasMessageContaining("was empty");
    }

    @Test
    void aFileKindWithoutAPathIsRefused() {
        assertThatThrownBy(() -> VideoSourceSpec.parse("file:", SCENE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--source 'file:' names no file; use file:PATH");
    }

    @Test
    void aMissingFileIsRefused() {
        Path missing = dir.resolve("nothing.mp4");
        assertThatThrownBy(() -> VideoSourceSpec.parse("file:" + missing, SCENE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--source 'file:" + missing + "': no such file " + missing.toAbsolutePath());
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> VideoSourceSpec.parse("file:" + dir, SCENE))
                .hasMessageStartingWith("--source 'file:" + dir + "'").hasMessageEndingWith("is not a file");
    }

    @Test
    void anUnreadableFileIsRefused() throws Exception {
        Path locked = Files.write(dir.resolve("locked.h264"), new byte[] {0, 0, 0, 1, 0x65});
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root: every file is readable");
        assertThatThrownBy(() -> VideoSourceSpec.parse("file:" + locked, SCENE))
                .hasMessage("--source 'file:" + locked + "': cannot read " + locked.toAbsolutePath()
                        + " (permission denied)");
    }

    @Test
    void aFileWithoutPlayableH264IsRefusedWithTheReason() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.h264"), "these are not the frames you are looking for");
        assertThatThrownBy(() -> VideoSourceSpec.parse("file:" + text, SCENE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--source 'file:" + text + "': ")
                .hasMessageContaining("H.264");
    }
}
