package camcloud.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CameraHealth} and {@link WaveJudge} on hand-made evidence: the rules the class comments state. */
class JudgesTest {

    private static final RolloutSettings S = new RolloutSettings(95, 20, 5, Duration.ofSeconds(60),
            Duration.ofSeconds(10), 50);
    private static final CameraHealth HEALTH = new CameraHealth(Duration.ofSeconds(2));
    private static final long OFFER = 1_000_000;

    private static RolloutCamera offered(CameraState state) {
        return new RolloutCamera("CC-1", 1, 0, state, null, null, "1.0.0", OFFER, null, OFFER);
    }

    private static CameraEvidence evidence(String step, String error, String running, Long session, Long videoUntil,
                                           boolean video) {
        return new CameraEvidence("CC-1", "1.1.0", step, error, OFFER + 100, running, session, video, videoUntil,
                "1.1.0", OFFER);
    }

    @Test
    void reportsMoveTheCameraForwardAndARefusalFailsItWithTheReasonFromItsWords() {
        assertThat(HEALTH.next(offered(CameraState.OFFERED), evidence("UPDATE_STEP_DOWNLOADING", "", "1.0.0",
                OFFER - 5000, null, true), "1.1.0", S, OFFER + 200).orElseThrow().state())
                .isEqualTo(CameraState.DOWNLOADING);
        assertThat(HEALTH.next(offered(CameraState.DOWNLOADING), evidence("UPDATE_STEP_FAILED", "write", "1.0.0",
                OFFER - 5000, null, true), "1.1.0", S, OFFER + 200).orElseThrow().state())
                .isEqualTo(CameraState.INSTALLING);
        RolloutCamera refused = HEALTH.next(offered(CameraState.DOWNLOADING), evidence("UPDATE_STEP_REFUSED",
                "bundle refused: signed by unknown key", "1.0.0", OFFER - 5000, null, true), "1.1.0", S, OFFER + 200)
                .orElseThrow();
        assertThat(refused.state()).isEqualTo(CameraState.FAILED);
        assertThat(refused.reason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
        assertThat(FailureReason.ofRefusal("offer refused: expired")).isEqualTo(FailureReason.REFUSED);
        assertThat(FailureReason.ofRefusal("download incomplete after 5 attempts")).isEqualTo(FailureReason.DOWNLOAD_ERROR);
        // a report from before the offer belongs to an earlier attempt
        CameraEvidence old = new CameraEvidence("CC-1", "1.1.0", "UPDATE_STEP_REFUSED", "x", OFFER - 1, "1.0.0",
                OFFER - 5000, true, null, "1.1.0", OFFER);
        assertThat(HEALTH.next(offered(CameraState.OFFERED), old, "1.1.0", S, OFFER + 200)).isEmpty();
    }

    @Test
    void healthyOnlyOnceBackOnTheNewVersionThroughTheSettleTimeWithVideo() {
        long back = OFFER + 20_000;
        CameraEvidence noVideoYet = evidence("UPDATE_STEP_REBOOTING", "", "1.1.0", back, null, true);
        assertThat(HEALTH.next(offered(CameraState.REBOOTED), noVideoYet, "1.1.0", S, back + 1000).orElseThrow()
                .cameBackAt()).isEqualTo(back);
        long settled = back + 10_000;
        CameraEvidence recorded = evidence("UPDATE_STEP_REBOOTING", "", "1.1.0", back, (settled - 1500) * 1000, true);
        assertThat(HEALTH.next(offered(CameraState.REBOOTED), recorded, "1.1.0", S, settled).orElseThrow().state())
                .isEqualTo(CameraState.HEALTHY);
        // no video through settle + two segments: no-video
        RolloutCamera silent = HEALTH.next(offered(CameraState.REBOOTED), noVideoYet, "1.1.0", S, settled + 4000)
                .orElseThrow();
        assertThat(silent.reason()).isEqualTo(FailureReason.NO_VIDEO);
        // a camera that does not record continuously shows health by staying online
        CameraEvidence eventsOnly = evidence("UPDATE_STEP_REBOOTING", "", "1.1.0", back, null, false);
        assertThat(HEALTH.next(offered(CameraState.REBOOTED), eventsOnly, "1.1.0", S, settled).orElseThrow().state())
                .isEqualTo(CameraState.HEALTHY);
    }

    @Test
    void notBackInTimeIsATimeoutOrOldVersionWhenItCameBackOnAnother() {
        long late = OFFER + 60_000;
        CameraEvidence gone = evidence("UPDATE_STEP_REBOOTING", "", "1.0.0", null, null, true);
        assertThat(HEALTH.next(offered(CameraState.REBOOTED), gone, "1.1.0", S, late).orElseThrow().reason())
                .isEqualTo(FailureReason.TIMEOUT);
        CameraEvidence oldOne = evidence("UPDATE_STEP_REBOOTING", "", "1.0.0", OFFER + 30_000, null, true);
        assertThat(HEALTH.next(offered(CameraState.REBOOTED), oldOne, "1.1.0", S, late).orElseThrow().reason())
                .isEqualTo(FailureReason.OLD_VERSION);
    }

    private static Map<CameraState, Integer> counts(int healthy, int failed, int pending, int inFlight) {
        Map<CameraState, Integer> m = new EnumMap<>(CameraState.class);
        m.put(CameraState.HEALTHY, healthy);
        m.put(CameraState.FAILED, failed);
        m.put(CameraState.PENDING, pending);
        m.put(CameraState.DOWNLOADING, inFlight);
        return m;
    }

    @Test
    void aWaveFailsPastTheErrorThresholdOnlyOnceEnoughFinishedAndSucceedsAtTheSuccessThreshold() {
        RolloutWave wave = new RolloutWave(1, 2, "10 %", RolloutWave.RUNNING, 0L, null);
        assertThat(WaveJudge.judge(wave, counts(0, 2, 8, 10), 0, S, 1).state()).isEqualTo(RolloutWave.RUNNING);
        WaveJudge.Verdict failed = WaveJudge.judge(wave, counts(9, 3, 0, 8), 0, S, 1);
        assertThat(failed.state()).isEqualTo(RolloutWave.FAILED);
        assertThat(failed.reason()).isEqualTo("wave 3 (10 %): 3 of 12 finished cameras failed (25 % > 20 %)");
        assertThat(WaveJudge.judge(wave, counts(19, 1, 0, 0), 0, S, 1).state()).isEqualTo(RolloutWave.SUCCEEDED);
        // 18 of 20 healthy, 2 offline: waits, until a camera timeout passed; then judged on the finished ones
        assertThat(WaveJudge.judge(wave, counts(18, 0, 2, 0), 0, S, 1).state()).isEqualTo(RolloutWave.RUNNING);
        assertThat(WaveJudge.judge(wave, counts(18, 0, 2, 0), 1, S, 60_000).state()).isEqualTo(RolloutWave.RUNNING);
        assertThat(WaveJudge.judge(wave, counts(18, 0, 2, 0), 0, S, 60_000).state()).isEqualTo(RolloutWave.SUCCEEDED);
        assertThat(WaveJudge.judge(wave, counts(17, 1, 2, 0), 0, S, 60_000).reason())
                .isEqualTo("wave 3 (10 %): only 17 of 18 finished cameras are healthy (94 % < 95 %)");
    }
}
