package camcloud.cloud.rollout;

import java.time.Duration;

/**
 * How a rollout goes on and when it stops itself.
 *
 * @param successThreshold       percent of a wave's cameras that must be healthy for the next wave to start
 * @param errorThreshold         percent of a wave's finished cameras that may fail; more pauses the rollout
 * @param minFinished            the error threshold is judged once this many of the wave's cameras finished
 *                               (or all of them, in a smaller wave)
 * @param cameraTimeout          an offered camera that is not back on the new version by then failed
 * @param settle                 how long a camera must be online on the new version and recording to be healthy
 * @param maxConcurrentDownloads cameras offered, downloading or installing at once (the cloud's bandwidth)
 */
public record RolloutSettings(int successThreshold, int errorThreshold, int minFinished, Duration cameraTimeout,
                              Duration settle, int maxConcurrentDownloads) {

    /** What a rollout created without settings runs with. */
    public static final RolloutSettings DEFAULTS = new RolloutSettings(95, 20, 5, Duration.ofSeconds(900),
            Duration.ofSeconds(60), 50);

    /** Refuses, naming the setting and its value, anything out of range. */
    public RolloutSettings {
        percent("successThreshold", successThreshold);
        percent("errorThreshold", errorThreshold);
        positive("minFinished", minFinished);
        positive("cameraTimeoutSeconds", cameraTimeout.toSeconds());
        positive("settleSeconds", settle.toSeconds());
        positive("maxConcurrentDownloads", maxConcurrentDownloads);
    }

    private static void percent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be a percent from 0 to 100, was " + value);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be more than 0, was " + value);
        }
    }
}
