package camcloud.device.scene;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.video.ImageSettings;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.Resolution;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptedSceneTest {

    private static final Resolution SMALL = new Resolution(320, 180);
    private static final Resolution SD = new Resolution(640, 360);
    private static final long SECOND = 1_000_000;

    private static ImageSettings settings(Resolution resolution) {
        return LiveSceneSource.defaults(resolution, 15, 800);
    }

    private static ScriptedScene scene(SceneScript script, Resolution resolution) {
        return new ScriptedScene(script, new PtzHead(), settings(resolution));
    }

    private static Pictures.Planes at(ScriptedScene scene, long micros) {
        return Pictures.Planes.of(scene.render(micros));
    }

    @Test
    void aStaticSceneRendersIdenticalConsecutivePictures() {
        ScriptedScene scene = scene(SceneScript.staticScene(), SD);
        Pictures.Planes first = at(scene, 0);
        first.png("static-home");
        for (long t = SECOND / 15; t < 3 * SECOND; t += SECOND / 15) {
            Pictures.Planes next = at(scene, t);
            assertThat(next.y()).isEqualTo(first.y());
            assertThat(next.u()).isEqualTo(first.u());
            assertThat(next.v()).isEqualTo(first.v());
        }
    }

    @Test
    void aScriptedObjectAppearsInTheViewAtItsTimeAndNotBefore() {
        SceneScript script = SceneScript.parse("10s object enters left speed 0.25");
        ScriptedScene scene = scene(script, SD);
        ScriptedScene still = scene(SceneScript.staticScene(), SD);
        Pictures.Planes background = at(still, 0);

        for (long t = 0; t < 10 * SECOND; t += SECOND / 2) {
            assertThat(at(scene, t).y()).as("picture at %d µs, before the object enters", t).isEqualTo(background.y());
        }
        // at 12 s it has walked 2 s x 0.25 x 60° = 30°: its left edge at -30 - 3.5 + 30 = -3.5°, so it
        // covers pan -3.5..0, which is columns 293..320 of a 640-wide view of 60° centred on 0
        Pictures.Planes crossing = at(scene, 12 * SECOND);
        crossing.png("object-crossing");
        int firstColumn = 640 / 2 - (int) Math.round(3.5 * 640 / 60);
        int changedFrom = Integer.MAX_VALUE;
        int changedTo = -1;
        for (int x = 0; x < 640; x++) {
            for (int r = 0; r < 360; r++) {
                if (crossing.luma(x, r) != background.luma(x, r)) {
                    changedFrom = Math.min(changedFrom, x);
                    changedTo = Math.max(changedTo, x);
                }
            }
        }
        assertThat(changedFrom).isBetween(firstColumn - 1, firstColumn + 1);
        assertThat(changedTo).isBetween(318, 320);
        // a yellow figure on a grey road and green grass: much brighter in its columns
        assertThat(crossing.meanLuma(changedFrom + 8, changedTo - 8, 200, 300))
                .isGreaterThan(background.meanLuma(changedFrom + 8, changedTo - 8, 200, 300) + 60);
        // and gone once it has crossed: 64° at 15 °/s
        assertThat(at(scene, 10 * SECOND + 4_300_000).y()).isEqualTo(background.y());
    }

    @Test
    void lightsOffLowerAmbientLightAndTheMeanLumaAndLightsOnRestoresThem() {
        ScriptedScene scene = scene(SceneScript.parse("20s lights off; 40s lights on"), SMALL);
        RawPicture day = scene.render(19 * SECOND);
        double dayLight = day.ambientLight();
        double dayLuma = Pictures.Planes.of(day).meanLuma();
        Pictures.Planes dark = Pictures.Planes.of(scene.render(21 * SECOND));
        double darkLight = scene.render(21 * SECOND).ambientLight();
        RawPicture again = scene.render(41 * SECOND);

        assertThat(dayLight).isEqualTo(1.0);
        assertThat(darkLight).isLessThan(0.1);
        assertThat(dark.meanLuma()).isLessThan(dayLuma / 3);
        assertThat(again.ambientLight()).isEqualTo(1.0);
        assertThat(Pictures.Planes.of(again).meanLuma()).isEqualTo(dayLuma);
    }

    @Test
    void nightModeMakesTheDarkSceneVisibleInBlackAndWhiteWhileTheSensorStillReadsDark() {
        ScriptedScene scene = scene(SceneScript.parse("1s lights off"), SMALL);
        Pictures.Planes dark = Pictures.Planes.of(scene.render(2 * SECOND));
        Pictures.Planes day = Pictures.Planes.of(scene.render(0));
        scene.nightMode(true);
        RawPicture night = scene.render(2 * SECOND);
        Pictures.Planes nightPlanes = Pictures.Planes.of(night);
        nightPlanes.png("night");

        assertThat(night.ambientLight()).isLessThan(0.1);
        assertThat(nightPlanes.meanLuma()).isGreaterThan(dark.meanLuma() + 40);
        assertThat(nightPlanes.chromaSpread()).isZero();
        assertThat(day.chromaSpread()).isGreaterThan(20);
    }

    @Test
    void noiseShowsInTheAudioLevelOnlyDuringItsWindow() {
        ScriptedScene scene = scene(SceneScript.parse("30s noise -10dBFS 2s"), SMALL);
        for (long t = 0; t < 40 * SECOND; t += SECOND / 10) {
            double level = scene.render(t).audioDbfs();
            if (t >= 30 * SECOND && t < 32 * SECOND) {
                assertThat(level).as("at %d µs", t).isEqualTo(-10.0);
            } else {
                assertThat(level).as("at %d µs", t).isBetween(-71.5, -68.5);
            }
        }
    }

    @Test
    void aLoopingScriptStartsOverAfterItsLoop() {
        ScriptedScene scene = scene(SceneScript.parse("5s noise -20dBFS 1s; loop 10s"), SMALL);
        assertThat(scene.render(5_500_000).audioDbfs()).isEqualTo(-20.0);
        assertThat(scene.render(15_500_000).audioDbfs()).isEqualTo(-20.0);
        assertThat(scene.render(12_000_000).audioDbfs()).isLessThan(-60);
    }

    @Test
    void twoPanPositionsShowTheWorldShiftedByTheExpectedPixels() {
        PtzHead head = new PtzHead();
        ScriptedScene scene = new ScriptedScene(SceneScript.staticScene(), head, settings(SMALL));
        Pictures.Planes home = Pictures.Planes.of(scene.render(0));
        head.moveTo(7.5, 0, 90, 0); // 7.5° of a 60° view 320 wide: 40 columns
        Pictures.Planes panned = Pictures.Planes.of(scene.render(10 * SECOND));
        for (int r = 0; r < 180; r++) {
            for (int x = 0; x < 320 - 40; x++) {
                assertThat(panned.luma(x, r)).as("column %d row %d", x, r).isEqualTo(home.luma(x + 40, r));
            }
        }
        assertThat(panned.y()).isNotEqualTo(home.y());
        head.moveTo(7.5, 11.25, 90, 10 * SECOND); // and up by 60 rows
        Pictures.Planes tilted = Pictures.Planes.of(scene.render(20 * SECOND));
        for (int r = 60; r < 180; r++) {
            for (int x = 0; x < 320; x++) {
                assertThat(tilted.luma(x, r)).isEqualTo(panned.luma(x, r - 60));
            }
        }
    }

    @Test
    void theHeadMovesAtItsSpeedAndThePictureSaysSoWhileItMoves() {
        PtzHead head = new PtzHead();
        ScriptedScene scene = new ScriptedScene(SceneScript.staticScene(), head, settings(SMALL));
        assertThat(scene.render(0).headMoving()).isFalse();
        head.moveTo(90, 0, 45, SECOND);
        assertThat(scene.render(SECOND + SECOND / 2).headMoving()).isTrue();
        assertThat(head.position(2 * SECOND).panDeg()).isEqualTo(45.0);
        assertThat(scene.render(2 * SECOND).headMoving()).isTrue();
        assertThat(head.position(3 * SECOND).panDeg()).isEqualTo(90.0);
        assertThat(scene.render(3 * SECOND).headMoving()).as("arrived, but it moved since the last picture").isTrue();
        assertThat(scene.render(3 * SECOND + 66_000).headMoving()).isFalse();
        assertThat(head.position(5 * SECOND).moving()).isFalse();
    }

    @Test
    void mirrorFlipBrightnessAndContrastVisiblyChangeThePlanes() {
        ScriptedScene scene = scene(SceneScript.staticScene(), SMALL);
        Pictures.Planes plain = at(scene, 0);

        scene.settings(new ImageSettings(0, 0, true, false, SMALL, 15, 800));
        Pictures.Planes mirrored = at(scene, 0);
        scene.settings(new ImageSettings(0, 0, false, true, SMALL, 15, 800));
        Pictures.Planes flipped = at(scene, 0);
        for (int r = 0; r < 180; r++) {
            for (int x = 0; x < 320; x++) {
                assertThat(mirrored.luma(x, r)).isEqualTo(plain.luma(319 - x, r));
                assertThat(flipped.luma(x, r)).isEqualTo(plain.luma(x, 179 - r));
            }
        }

        scene.settings(new ImageSettings(60, 0, false, false, SMALL, 15, 800));
        assertThat(at(scene, 0).meanLuma()).isGreaterThan(plain.meanLuma() + 25);
        scene.settings(new ImageSettings(-60, 0, false, false, SMALL, 15, 800));
        assertThat(at(scene, 0).meanLuma()).isLessThan(plain.meanLuma() - 25);
        scene.settings(new ImageSettings(0, -100, false, false, SMALL, 15, 800));
        Pictures.Planes flat = at(scene, 0);
        assertThat(flat.meanLuma(0, 320, 0, 180)).isBetween(127.0, 129.0); // no contrast: all mid-grey
    }

    @Test
    void aNewResolutionRendersTheSameViewAtTheNewSize() {
        ScriptedScene scene = scene(SceneScript.staticScene(), SD);
        Pictures.Planes big = at(scene, 0);
        scene.settings(settings(SMALL));
        Pictures.Planes small = at(scene, 0);
        assertThat(small.width()).isEqualTo(320);
        assertThat(small.y()).hasSize(320 * 180);
        assertThat(small.meanLuma()).isCloseTo(big.meanLuma(), org.assertj.core.data.Offset.offset(3.0));
    }

    @Test
    void rendersFortySecondsOfTheIssuesScriptWithoutWaiting() {
        SceneScript script = SceneScript.builder()
                .object(Duration.ofSeconds(10), SceneScript.Side.LEFT, 0.25)
                .lightsOff(Duration.ofSeconds(20))
                .noise(Duration.ofSeconds(30), -10, Duration.ofSeconds(2))
                .lightsOn(Duration.ofSeconds(40))
                .build();
        ScriptedScene scene = scene(script, SD);
        double darkest = Double.MAX_VALUE;
        double loudest = -100;
        for (int frame = 0; frame < 40 * 15; frame++) {
            RawPicture picture = scene.render(frame * SECOND / 15);
            darkest = Math.min(darkest, picture.ambientLight());
            loudest = Math.max(loudest, picture.audioDbfs());
        }
        assertThat(darkest).isEqualTo(SceneScript.LIGHTS_OFF);
        assertThat(loudest).isEqualTo(-10.0);
    }
}
