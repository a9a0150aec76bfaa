package camcloud.device.system;

import camcloud.firmware.image.StandInFault;
import java.util.List;

/**
 * How one power-on of a {@link CameraSystem} ended.
 *
 * @param outcome        what state the camera is in
 * @param runningVersion firmware version running at the end ({@code null} when no kernel booted)
 * @param boots          how many times U-Boot ran (reboots after an update count)
 * @param log            what the system software did, line by line
 * @param fault          the fault the running stand-in build injected ({@link StandInFault#NONE}: a good build)
 */
public record SystemRun(Outcome outcome, String runningVersion, int boots, List<String> log, StandInFault fault) {

    public SystemRun(Outcome outcome, String runningVersion, int boots, List<String> log) {
        this(outcome, runningVersion, boots, log, StandInFault.NONE);
    }

    /**
     * Whether the video application may start: not on a stand-in build with {@code fault=no-video}
     * (the app runs and connects, but sends no video — a bad build a rollout must catch).
     */
    public boolean videoRuns() {
        return fault != StandInFault.NO_VIDEO;
    }

    public enum Outcome {
        /** Booted the main kernel with a whole app partition; the video app and cloud agent run. */
        NORMAL,
        /** The power went off; the flash holds what it holds. */
        POWER_CUT,
        /** Recovery mode could not finish (no cloud, nothing offered, refused bundle); it retries at the next power-on. */
        RECOVERY_PENDING,
        /** No kernel boots: a camera for the service centre. */
        BRICK
    }
}
