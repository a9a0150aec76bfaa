package camcloud.device.agent;

import camcloud.device.uplink.MediaUplink;
import java.time.Duration;
import java.util.List;

/**
 * How the cloud agent behaves.
 *
 * @param firmwareVersion   version reported in Hello
 * @param capabilities      features this camera announces ({@code media.v1} is added when the agent has video)
 * @param backoffBase       first reconnect delay
 * @param backoffCap        longest reconnect delay
 * @param backoffAtRiskCap  longest reconnect delay while the upload buffer holds video the cloud has
 *                          not acknowledged (see {@link Backoff}): the camera is back within about this
 *                          long once the network is, before its buffer overflows
 * @param helloTimeout      how long to wait for Welcome after connecting
 * @param uploadBufferBytes bound of the video upload buffer (unacknowledged video kept in RAM): the
 *                          cloud acknowledges a ~4 s segment once it is durable, so this must hold a
 *                          few seconds of video plus the outage to bridge; 4 MiB is ~30 s at 1 Mbit/s
 * @param ringPollInterval  how often the agent takes new video from the shared-memory ring
 * @param uploadFramesPerSecond most media frames the agent sends per second: live video is far
 *                          below it; it paces uploading the buffer after an outage so the camera stays
 *                          within the cloud's per-camera media budget (200 frames/s by default)
 * @param sourceAddresses   local addresses the connections leave from, one per dial round-robin
 *                          (null: the system's choice); a fleet spreads over 127.0.0.0/8 this way
 * @param meters            where the agent counts handshakes, reconnects and heartbeat round
 *                          trips (a fleet's agents share one)
 */
public record AgentSettings(
        String firmwareVersion,
        List<String> capabilities,
        Duration backoffBase,
        Duration backoffCap,
        Duration backoffAtRiskCap,
        Duration helloTimeout,
        long uploadBufferBytes,
        Duration ringPollInterval,
        int uploadFramesPerSecond,
        SourceAddresses sourceAddresses,
        AgentMeters meters) {

    /** Default upload buffer: what a 38 MB-RAM camera can afford. */
    public static final long DEFAULT_UPLOAD_BUFFER_BYTES = 4L << 20;
    public static final long MIN_UPLOAD_BUFFER_BYTES = 64L << 10;
    public static final long MAX_UPLOAD_BUFFER_BYTES = 1L << 30;
    /** Default longest reconnect delay while video is at risk. */
    public static final Duration DEFAULT_BACKOFF_AT_RISK_CAP = Duration.ofSeconds(3);

    public static AgentSettings defaults(String firmwareVersion) {
        return new AgentSettings(firmwareVersion, List.of("commands.v1"), Duration.ofSeconds(1),
                Duration.ofSeconds(60), DEFAULT_BACKOFF_AT_RISK_CAP, Duration.ofSeconds(30), DEFAULT_UPLOAD_BUFFER_BYTES, Duration.ofMillis(20),
                MediaUplink.DEFAULT_FRAMES_PER_SECOND, null, new AgentMeters());
    }

    /** Settings that leave from the system's address and count into meters of their own. */
    public AgentSettings(String firmwareVersion, List<String> capabilities, Duration backoffBase, Duration backoffCap,
                         Duration backoffAtRiskCap, Duration helloTimeout, long uploadBufferBytes,
                         Duration ringPollInterval, int uploadFramesPerSecond) {
        this(firmwareVersion, capabilities, backoffBase, backoffCap, backoffAtRiskCap, helloTimeout, uploadBufferBytes,
                ringPollInterval, uploadFramesPerSecond, null, new AgentMeters());
    }

    public AgentSettings {
        capabilities = List.copyOf(capabilities);
        java.util.Objects.requireNonNull(meters, "meters");
        if (backoffBase.isNegative() || backoffBase.isZero()) {
            throw new IllegalArgumentException("backoffBase must be positive, was " + backoffBase);
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap " + backoffCap + " is shorter than backoffBase "
                    + backoffBase);
        }
        if (backoffAtRiskCap.toMillis() < 1) {
            throw new IllegalArgumentException("backoffAtRiskCap must be at least 1 ms, was " + backoffAtRiskCap);
        }
        if (uploadBufferBytes < MIN_UPLOAD_BUFFER_BYTES || uploadBufferBytes > MAX_UPLOAD_BUFFER_BYTES) {
            throw new IllegalArgumentException("uploadBufferBytes must be in [" + MIN_UPLOAD_BUFFER_BYTES + ", "
                    + MAX_UPLOAD_BUFFER_BYTES + "], was " + uploadBufferBytes);
        }
        if (ringPollInterval.toMillis() < 1 || ringPollInterval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("ringPollInterval must be in [1 ms, 1 s], was " + ringPollInterval);
        }
        if (uploadFramesPerSecond < 1 || uploadFramesPerSecond > 10_000) {
            throw new IllegalArgumentException("uploadFramesPerSecond must be in [1, 10000], was "
                    + uploadFramesPerSecond);
        }
    }

    /** Other reconnect delays; the at-risk cap stays (it never makes a wait longer than {@code cap}). */
    public AgentSettings withBackoff(Duration base, Duration cap) {
        return new AgentSettings(firmwareVersion, capabilities, base, cap, backoffAtRiskCap, helloTimeout,
                uploadBufferBytes, ringPollInterval, uploadFramesPerSecond, sourceAddresses, meters);
    }

    public AgentSettings withBackoffAtRiskCap(Duration atRiskCap) {
        return new AgentSettings(firmwareVersion, capabilities, backoffBase, backoffCap, atRiskCap, helloTimeout,
                uploadBufferBytes, ringPollInterval, uploadFramesPerSecond, sourceAddresses, meters);
    }

    /** The same settings for another firmware version (the one that booted). */
    public AgentSettings withFirmwareVersion(String version) {
        return new AgentSettings(version, capabilities, backoffBase, backoffCap, backoffAtRiskCap, helloTimeout,
                uploadBufferBytes, ringPollInterval, uploadFramesPerSecond, sourceAddresses, meters);
    }

    public AgentSettings withUploadBufferBytes(long bytes) {
        return new AgentSettings(firmwareVersion, capabilities, backoffBase, backoffCap, backoffAtRiskCap,
                helloTimeout, bytes, ringPollInterval, uploadFramesPerSecond, sourceAddresses, meters);
    }

    /** The same settings with connections leaving from {@code addresses} (null: the system's choice). */
    public AgentSettings withSourceAddresses(SourceAddresses addresses) {
        return new AgentSettings(firmwareVersion, capabilities, backoffBase, backoffCap, backoffAtRiskCap,
                helloTimeout, uploadBufferBytes, ringPollInterval, uploadFramesPerSecond, addresses, meters);
    }

    /** The same settings counting into {@code shared} (a fleet gives all its agents one). */
    public AgentSettings withMeters(AgentMeters shared) {
        return new AgentSettings(firmwareVersion, capabilities, backoffBase, backoffCap, backoffAtRiskCap,
                helloTimeout, uploadBufferBytes, ringPollInterval, uploadFramesPerSecond, sourceAddresses, shared);
    }
}
