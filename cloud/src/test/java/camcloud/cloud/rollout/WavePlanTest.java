package camcloud.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WavePlanTest {

    private static Set<String> cameras(int n) {
        Set<String> out = new TreeSet<>();
        IntStream.range(0, n).forEach(i -> out.add(String.format("CC-%05d", i)));
        return out;
    }

    @Test
    void qaFirstThenCumulativeSharesOfTheRestEachAtLeastOneCamera() {
        Set<String> all = cameras(305);
        Map<String, List<String>> tags = Map.of("CC-00007", List.of("qa"), "CC-00100", List.of("qa", "site"),
                "CC-00200", List.of("qa"), "CC-00300", List.of("qa"), "CC-00301", List.of("qa"));
        List<WavePlan.Wave> plan = WavePlan.plan(all, tags, WavePlan.DEFAULT_WAVES);
        assertThat(plan).extracting(WavePlan.Wave::label).containsExactly("qa", "1 %", "10 %", "50 %", "100 %");
        assertThat(plan.get(0).cameras()).containsExactlyInAnyOrder("CC-00007", "CC-00100", "CC-00200", "CC-00300",
                "CC-00301");
        // 300 others: 1 % is 3, 10 % is 30 (27 more), 50 % is 150 (120 more), then the last 150
        assertThat(plan).extracting(w -> w.cameras().size()).containsExactly(5, 3, 27, 120, 150);
        assertThat(WavePlan.cameras(plan)).hasSize(305).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void thePlanDependsOnTheSerialsOnlySoEveryNodeMakesTheSameOne() {
        List<WavePlan.Wave> once = WavePlan.plan(cameras(50), Map.of(), WavePlan.DEFAULT_WAVES);
        List<WavePlan.Wave> again = WavePlan.plan(new TreeSet<>(cameras(50)).descendingSet(), Map.of(),
                WavePlan.DEFAULT_WAVES);
        assertThat(again).isEqualTo(once);
        // no qa camera: the qa wave is dropped; 1 % of 50 is still one camera
        assertThat(once).extracting(w -> w.cameras().size()).containsExactly(1, 4, 20, 25);
    }

    @Test
    void aSmallFleetDropsTheWavesLeftEmpty() {
        assertThat(WavePlan.plan(cameras(2), Map.of(), WavePlan.DEFAULT_WAVES))
                .extracting(WavePlan.Wave::label).containsExactly("1 %", "100 %");
    }

    @Test
    void wavesThatCannotMakeAPlanAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> WavePlan.check(List.of())).hasMessageContaining("at least one wave");
        assertThatThrownBy(() -> WavePlan.check(List.of(WaveSpec.percent(10), WaveSpec.percent(10))))
                .hasMessageContaining("must grow");
        assertThatThrownBy(() -> WavePlan.check(List.of(WaveSpec.percent(101)))).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> WavePlan.check(List.of(WaveSpec.tag("qa"), WaveSpec.tag("qa"))))
                .hasMessageContaining("named twice");
    }
}
