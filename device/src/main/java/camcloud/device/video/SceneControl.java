package camcloud.device.video;

import java.util.List;

/**
 * What the camera's software can change about the picture while it runs: the pan/tilt head, the
 * image settings and the day/night hardware (IR-cut filter and IR light). Implemented by the video
 * source that renders live ({@code LiveSceneSource}); a source that replays encoded video (a file, the
 * fleet's shared loop) has none of it.
 *
 * <p>Thread-safe: the agent's command handler calls it while the clock thread renders. Every method
 * validates first and throws {@link IllegalArgumentException} with a message naming the value and
 * the limit, leaving everything as it was.
 */
public interface SceneControl {

    /** Limits of the pan/tilt head, degrees. */
    record PtzLimits(double panMin, double panMax, double tiltMin, double tiltMax, double maxSpeedDegPerS) {
    }

    /** Where the head is and where it is going. */
    record PtzPosition(double panDeg, double tiltDeg, double targetPanDeg, double targetTiltDeg, boolean moving) {
    }

    PtzLimits ptzLimits();

    PtzPosition ptzPosition();

    /** Starts moving towards an absolute position at {@code speedDegPerS} (0: the default speed). */
    void moveTo(double panDeg, double tiltDeg, double speedDegPerS);

    /** Stops the head where it is. */
    void stop();

    /** Applies image settings; a change of size, rate or bitrate takes effect at the next keyframe. */
    void apply(ImageSettings settings);

    ImageSettings imageSettings();

    /** The picture sizes this camera can produce, largest first. */
    List<Resolution> resolutions();

    /** Night hardware on (IR-cut filter out, IR light on, black-and-white picture) or off. */
    void nightMode(boolean on);

    boolean nightMode();

    /** A picture size. */
    record Resolution(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }
}
