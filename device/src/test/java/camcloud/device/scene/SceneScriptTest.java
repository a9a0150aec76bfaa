package camcloud.device.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SceneScriptTest {

    @Test
    void parsesTheIssuesScriptIntoTimedActions() {
        SceneScript script = SceneScript.parse("""
                # the issue's scene
                10s object enters left speed 0.25
                20s lights off
                30s noise -10dBFS 2s   # a door slams
                40s lights on
                """);
        assertThat(script.actions()).containsExactly(
                new SceneScript.ObjectCrossing(Duration.ofSeconds(10), SceneScript.Side.LEFT, 0.25,
                        SceneScript.Colour.YELLOW, SceneScript.DEFAULT_FEET_TILT),
                new SceneScript.Lights(Duration.ofSeconds(20), SceneScript.LIGHTS_OFF),
                new SceneScript.Noise(Duration.ofSeconds(30), -10, Duration.ofSeconds(2)),
                new SceneScript.Lights(Duration.ofSeconds(40), SceneScript.LIGHTS_ON));
        assertThat(script.loop()).isZero();
    }

    @Test
    void semicolonsSeparateActionsAndTimesTakeSecondsMillisAndMinutes() {
        SceneScript script = SceneScript.parse("1m30s lights 0.5; 750ms object enters right colour red tilt -5;"
                + " 2.5s noise -30dBFS 500ms; loop 2m");
        assertThat(script.actions()).extracting(SceneScript.Action::at)
                .containsExactly(Duration.ofMillis(750), Duration.ofMillis(2500), Duration.ofSeconds(90));
        assertThat(script.loop()).isEqualTo(Duration.ofMinutes(2));
        assertThat(script.actions().get(0)).isEqualTo(new SceneScript.ObjectCrossing(Duration.ofMillis(750),
                SceneScript.Side.RIGHT, SceneScript.DEFAULT_SPEED, SceneScript.Colour.RED, -5));
    }

    @Test
    void anEmptyScriptIsTheStaticScene() {
        assertThat(SceneScript.parse("\n# nothing\n").isStatic()).isTrue();
        assertThat(SceneScript.staticScene().isStatic()).isTrue();
    }

    @Test
    void mistakesNameTheLineAndWhatWasWrong() {
        assertThatThrownBy(() -> SceneScript.parse("10s lights on\n20s lights of"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scene script line 2 ('20s lights of'): lights must be on, off or a level 0..1, was 'of'");
        assertThatThrownBy(() -> SceneScript.parse("10 object enters left"))
                .hasMessageContaining("line 1 ('10 object enters left'): time must be a duration like 10s");
        assertThatThrownBy(() -> SceneScript.parse("1s jump"))
                .hasMessageContaining("unknown action 'jump', expected object, lights or noise");
        assertThatThrownBy(() -> SceneScript.parse("\n\n1s object enters left speed 9"))
                .hasMessageContaining("line 3").hasMessageContaining("object speed must be in [0.01, 5], was 9");
        assertThatThrownBy(() -> SceneScript.parse("1s noise loud 2s"))
                .hasMessageContaining("noise level must be like -10dBFS, was 'loud'");
        assertThatThrownBy(() -> SceneScript.parse("1s object enters top"))
                .hasMessageContaining("object enters left or right, was 'top'");
        assertThatThrownBy(() -> SceneScript.parse("1s object enters left colour pink"))
                .hasMessageContaining("unknown colour 'pink'");
        assertThatThrownBy(() -> SceneScript.parse("1s lights on; loop 0s")).hasMessageContaining("loop must be longer");
        assertThatThrownBy(() -> SceneScript.parse("70s lights off; loop 60s"))
                .hasMessageContaining("loops every 60 s but has an action at 70 s");
    }

    @Test
    void theDemoScriptLoopsEveryMinuteWithACrossingAndANoise() {
        SceneScript demo = SceneScript.demo();
        assertThat(demo.loop()).isEqualTo(Duration.ofMinutes(1));
        assertThat(demo.actions()).hasAtLeastOneElementOfType(SceneScript.ObjectCrossing.class)
                .hasAtLeastOneElementOfType(SceneScript.Noise.class);
    }
}
