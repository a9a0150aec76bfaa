package camcloud.cloud.ownership;

import camcloud.cloud.device.Device;
import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.Segment;
import java.util.List;
import java.util.Objects;

/**
 * What one user may do with one camera, and which of its video they may see.
 *
 * <ul>
 *   <li>{@link Role#OWNER}: everything; video of their ownerships (the current one, and earlier ones
 *       of theirs whose recordings they kept).</li>
 *   <li>{@link Role#VIEWER}: the owner shared the camera with them: live video and the recordings of
 *       the current ownership; no settings, commands or release.</li>
 *   <li>{@link Role#FORMER_OWNER}: they released it and kept their recordings: those only, no live
 *       video, nothing about the camera now.</li>
 * </ul>
 *
 * @param windows   the stretches of the camera's timeline whose video the user may see, oldest first
 * @param sharedBy  for a viewer, the owner's username; else null
 * @param name      the camera's name as this user knows it (a former owner's name at release)
 */
public record CameraAccess(Device device, Role role, List<VideoWindow> windows, String sharedBy, String name) {

    public enum Role {
        OWNER, VIEWER, FORMER_OWNER
    }

    public CameraAccess {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(role, "role");
        windows = List.copyOf(windows);
    }

    public String serial() {
        return device.serial();
    }

    /** Live video, the camera's state now: owner and viewers. */
    public boolean live() {
        return role != Role.FORMER_OWNER;
    }

    /** Settings, commands, sharing, release: the owner only. */
    public boolean manage() {
        return role == Role.OWNER;
    }

    /** Whether the segment lies inside one of the user's windows. */
    public boolean sees(Segment s) {
        for (VideoWindow w : windows) {
            if (w.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** The segments the user may see, in the given order. */
    public List<Segment> visible(List<Segment> segments) {
        return segments.stream().filter(this::sees).toList();
    }

    /** The parts of the gaps inside the user's windows. */
    public List<RecordingGap> visibleGaps(List<RecordingGap> gaps) {
        return gaps.stream()
                .flatMap(g -> windows.stream().map(w -> w.clip(g)).filter(Objects::nonNull))
                .toList();
    }
}
