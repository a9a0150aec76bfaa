package camcloud.cloud.recording;

/** Video of a camera that is missing between two cloud times, and why. Never hidden from users. */
public record RecordingGap(long id, String cameraSerial, long startMicros, long endMicros, String reason) {
}
