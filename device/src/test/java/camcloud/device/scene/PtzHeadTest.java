package camcloud.device.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.video.SceneControl.PtzPosition;
import org.junit.jupiter.api.Test;

class PtzHeadTest {

    private static final long SECOND = 1_000_000;

    @Test
    void movesEachAxisTowardsItsTargetAtTheGivenSpeed() {
        PtzHead head = new PtzHead();
        head.moveTo(-90, 30, 30, 0);
        assertThat(head.position(SECOND)).isEqualTo(new PtzPosition(-30, 30, -90, 30, true));
        assertThat(head.position(2 * SECOND).panDeg()).isEqualTo(-60.0);
        assertThat(head.position(3 * SECOND)).isEqualTo(new PtzPosition(-90, 30, -90, 30, false));
    }

    @Test
    void aMoveWithoutSpeedUsesTheDefaultOf45DegreesPerSecond() {
        PtzHead head = new PtzHead();
        head.moveTo(90, 0, 0, 0);
        assertThat(head.position(SECOND).panDeg()).isEqualTo(45.0);
    }

    @Test
    void stopHoldsTheHeadWhereItIsAndANewMoveStartsFromThere() {
        PtzHead head = new PtzHead();
        head.moveTo(90, 0, 45, 0);
        head.stop(SECOND);
        assertThat(head.position(5 * SECOND)).isEqualTo(new PtzPosition(45, 0, 45, 0, false));
        head.moveTo(0, 0, 90, 5 * SECOND);
        assertThat(head.position(5 * SECOND + SECOND / 4).panDeg()).isEqualTo(22.5);
    }

    @Test
    void positionsBeyondTheLimitsAreRefusedNamingTheLimitAndChangeNothing() {
        PtzHead head = new PtzHead();
        head.moveTo(10, 10, 45, 0);
        PtzPosition before = head.position(SECOND / 10);
        assertThatThrownBy(() -> head.moveTo(200, 0, 45, SECOND / 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pan 200° is outside the pan limit -170..170°");
        assertThatThrownBy(() -> head.moveTo(0, -45, 45, SECOND / 10))
                .hasMessage("tilt -45° is outside the tilt limit -20..90°");
        assertThatThrownBy(() -> head.moveTo(0, 0, 120, SECOND / 10))
                .hasMessage("speed 120 °/s is outside the limit 0..90 °/s");
        assertThatThrownBy(() -> head.moveTo(Double.NaN, 0, 45, SECOND / 10)).hasMessageContaining("pan limit");
        assertThat(head.position(SECOND / 10)).isEqualTo(before);
        assertThat(head.position(SECOND)).isEqualTo(new PtzPosition(10, 10, 10, 10, false));
    }
}
