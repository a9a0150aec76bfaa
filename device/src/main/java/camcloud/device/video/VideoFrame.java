package camcloud.device.video;

/**
 * One encoded H.264 access unit as the video application produces it: Annex B bytes (start codes
 * included) of every NAL unit of one picture.
 *
 * @param annexB        the access unit, Annex B framed; owned by the frame, never mutated after creation
 * @param keyframe      true when the access unit holds an IDR picture (a decoder can start here)
 * @param captureMicros monotonic capture time in microseconds: {@link System#nanoTime()} in µs, the
 *                      camera's steady clock, which never jumps (the agent sends the same clock in its
 *                      Hello, so the cloud can tell how old buffered video is)
 * @param wallClockMillis the camera's wall-clock time at capture (may jump; the cloud decides the timeline)
 */
public record VideoFrame(byte[] annexB, boolean keyframe, long captureMicros, long wallClockMillis) {
}
