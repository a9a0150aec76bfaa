package camcloud.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The settings table's edges, where the cloud stops a change before it reaches a camera. */
class SettingKeysTest {

    @Test
    void valuesComeBackNormalised() {
        assertThat(SettingKeys.check(Map.of("image.mirror", "TRUE", "daynight.mode", "Night",
                "video.resolution", "1280X720", "motion.min_area_percent", "2.50", "image.brightness", " -7 ")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("image.mirror", "true", "daynight.mode", "night",
                        "video.resolution", "1280x720", "motion.min_area_percent", "2.5", "image.brightness", "-7"));
    }

    @Test
    void aZoneMayTouchTheEdgesOfThePictureButNotCrossThem() {
        assertThat(SettingKeys.check(Map.of("motion.zones", "all:detect:0,0,1,1")).get("motion.zones"))
                .isEqualTo("all:detect:0,0,1,1");
        assertThat(SettingKeys.check(Map.of("motion.zones", "right:mask:0.7,0.1,0.3,0.9"))).hasSize(1);
        assertThatThrownBy(() -> SettingKeys.check(Map.of("motion.zones", "right:mask:0.7,0.1,0.31,0.9")))
                .hasMessageContaining("reaches outside the picture");
        assertThatThrownBy(() -> SettingKeys.check(Map.of("motion.zones", "flat:detect:0,0,0.5,0")))
                .hasMessageContaining("W and H must be greater than 0");
        assertThatThrownBy(() -> SettingKeys.check(Map.of("motion.zones", "odd:detect:1e-1,0,0.5,0.5")))
                .hasMessageContaining("fractions of the picture");
        assertThatThrownBy(() -> SettingKeys.check(Map.of("motion.zones", "a:detect:0,0,0.5,0.5;")))
                .hasMessageContaining("zone 2");
    }

    @Test
    void sixteenZonesAreTheMost() {
        StringJoiner zones = new StringJoiner(";");
        for (int i = 0; i < 16; i++) {
            zones.add("z" + i + ":detect:0,0,0.1,0.1");
        }
        assertThat(SettingKeys.check(Map.of("motion.zones", zones.toString()))).hasSize(1);
        zones.add("z16:mask:0,0,0.1,0.1");
        assertThatThrownBy(() -> SettingKeys.check(Map.of("motion.zones", zones.toString())))
                .hasMessage("motion.zones: has 17 zones; at most 16 are allowed");
    }

    @Test
    void numbersAreDecimalsWithoutExponentsOrSpecialValues() {
        for (String bad : new String[] {"NaN", "Infinity", "1e2", "0x10", "", "+5"}) {
            assertThatThrownBy(() -> SettingKeys.check(Map.of("sound.threshold_dbfs", bad)))
                    .as(bad).isInstanceOf(InvalidSetting.class).hasMessageStartingWith("sound.threshold_dbfs");
        }
        assertThat(SettingKeys.check(Map.of("sound.threshold_dbfs", "-90")).get("sound.threshold_dbfs")).isEqualTo("-90");
    }

    @Test
    void everyKeyBelongsToTheCapabilityThatDoesIt() {
        assertThat(SettingKeys.capabilityOf("image.flip")).isEqualTo("image.v1");
        assertThat(SettingKeys.capabilityOf("video.bitrate_kbps")).isEqualTo("image.v1");
        assertThat(SettingKeys.capabilityOf("daynight.mode")).isEqualTo("image.v1");
        assertThat(SettingKeys.capabilityOf("motion.zones")).isEqualTo("events.v1");
        assertThat(SettingKeys.capabilityOf("sound.enabled")).isEqualTo("events.v1");
        assertThat(SettingKeys.capabilityOf("recording.post_roll_s")).isEqualTo("event_recording.v1");
        assertThat(SettingKeys.names()).hasSize(17);
    }
}
