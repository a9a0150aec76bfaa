package camcloud.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.analytics.DayNightMode;
import camcloud.device.analytics.Zone;
import camcloud.device.video.ImageSettings;
import camcloud.device.video.SceneControl.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraSettingsTest {

    private static final List<Resolution> SIZES = List.of(new Resolution(1280, 720), new Resolution(640, 360),
            new Resolution(320, 180));
    private static final CameraSettings.Capabilities LIVE = new CameraSettings.Capabilities(SIZES,
            new ImageSettings(0, 0, false, false, new Resolution(640, 360), 15, 1000), true);
    private static final CameraSettings.Capabilities FILE = new CameraSettings.Capabilities(
            List.of(new Resolution(640, 360)), new ImageSettings(0, 0, false, false, new Resolution(640, 360), 25, 900),
            false);

    @Test
    void defaultsCoverEveryKeyOfTheTableWithTheSourcesVideo() {
        CameraSettings defaults = CameraSettings.defaults(LIVE);
        assertThat(defaults.asMap().keySet()).containsExactlyElementsOf(CameraSettings.KEYS);
        assertThat(defaults.asMap()).containsEntry("video.resolution", "640x360").containsEntry("video.fps", "15")
                .containsEntry("motion.sensitivity", "50").containsEntry("sound.threshold_dbfs", "-30")
                .containsEntry("daynight.mode", "auto").containsEntry("recording.mode", "continuous");
        assertThat(defaults.detection().dayNight()).isEqualTo(DayNightMode.AUTO);
    }

    @Test
    void valuesAreCheckedAndKeptInANormalForm() {
        CameraSettings s = CameraSettings.defaults(LIVE).with(Map.of(
                "image.mirror", "TRUE", "motion.min_area_percent", "2.50", "video.resolution", "1280x720",
                "motion.zones", "door:detect:0.1,0.2,0.3,0.40", "daynight.mode", "Night"), LIVE);
        assertThat(s.asMap()).containsEntry("image.mirror", "true").containsEntry("motion.min_area_percent", "2.5")
                .containsEntry("motion.zones", "door:detect:0.1,0.2,0.3,0.4").containsEntry("daynight.mode", "night");
        assertThat(s.image().resolution()).isEqualTo(new Resolution(1280, 720));
        assertThat(s.detection().zones()).containsExactly(new Zone("door", Zone.Kind.DETECT, 0.1, 0.2, 0.3, 0.4));
    }

    @Test
    void badInputIsRejectedNamingTheKeyAndNothingChanges() {
        CameraSettings before = CameraSettings.defaults(LIVE);
        assertRejected(before, Map.of("video.resolution", "1920x1080"),
                "video.resolution 1920x1080 is not one of 1280x720, 640x360, 320x180");
        assertRejected(before, Map.of("motion.zones", "door:detect:0.8,0.2,0.3,0.4"),
                "motion.zones: zone 'door' reaches outside the picture");
        assertRejected(before, Map.of("motion.zones", "door:detect:-0.1,0.2,0.3,0.4"), "motion.zones");
        assertRejected(before, Map.of("motion.zones", "a/b:detect:0,0,1,1"), "zone name 'a/b'");
        assertRejected(before, Map.of("motion.zones", "door:watch:0,0,1,1"), "kind must be 'detect' or 'mask'");
        assertRejected(before, Map.of("image.brightness", "101"), "image.brightness must be in [-100, 100], was 101");
        assertRejected(before, Map.of("video.fps", "fast"), "video.fps must be a whole number");
        assertRejected(before, Map.of("sound.threshold_dbfs", "3"), "sound.threshold_dbfs must be in [-90, 0]");
        assertRejected(before, Map.of("motion.min_area_percent", "0.05"), "motion.min_area_percent");
        assertRejected(before, Map.of("recording.mode", "sometimes"), "recording.mode must be one of continuous, events");
        assertRejected(before, Map.of("image.hue", "3"), "unknown setting 'image.hue'");
        // One bad key among good ones: nothing of it is taken.
        assertRejected(before, Map.of("image.brightness", "10", "recording.pre_roll_s", "11"), "recording.pre_roll_s");
        assertThat(before).isEqualTo(CameraSettings.defaults(LIVE));
    }

    @Test
    void atMostSixteenZones() {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            zones.add("z" + i + ":mask:0,0,0.1,0.1");
        }
        assertRejected(CameraSettings.defaults(LIVE), Map.of("motion.zones", String.join(";", zones)),
                "at most 16 zones");
    }

    @Test
    void aSourceWithoutImageControlsKeepsItsImageValues() {
        CameraSettings s = CameraSettings.defaults(FILE);
        assertThatThrownBy(() -> s.with(Map.of("image.brightness", "10"), FILE))
                .hasMessageContaining("image.brightness cannot be changed");
        assertThat(s.with(Map.of("video.fps", "25", "motion.sensitivity", "80"), FILE).get("motion.sensitivity"))
                .isEqualTo("80");
    }

    @Test
    void aStoredValueThatNoLongerFitsFallsBackToItsDefault() {
        List<String> warnings = new ArrayList<>();
        CameraSettings s = CameraSettings.fromStored(Map.of("video.resolution", "1920x1080", "image.contrast", "20",
                "ptz.presets", "door:10,5"), LIVE, warnings::add);
        assertThat(s.get("video.resolution")).isEqualTo("640x360");
        assertThat(s.get("image.contrast")).isEqualTo("20");
        assertThat(warnings).singleElement().asString().contains("video.resolution");
    }

    private static void assertRejected(CameraSettings s, Map<String, String> changes, String message) {
        assertThatThrownBy(() -> s.with(changes, LIVE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
