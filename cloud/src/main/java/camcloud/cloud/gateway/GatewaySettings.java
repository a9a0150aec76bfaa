package camcloud.cloud.gateway;

import camcloud.protocol.FrameLimits;
import java.time.Duration;

/**
 * How the gateway treats camera connections.
 *
 * @param heartbeatInterval     how often cameras are told to send a heartbeat
 * @param heartbeatTolerance    missed heartbeats after which a camera is offline and its connection closed
 * @param maxPendingCommands    unacknowledged commands per camera; more are refused, not queued
 * @param controlFramesPerSecond sustained control frames a camera may send; bursts of 4x are allowed
 * @param frameLimits           framing limits of an authenticated camera (video frames)
 * @param strangers             deadline, per-address and node limits and frame limit of connections
 *                              that have not authenticated yet
 * @param tlsProvider           the TLS engine ({@code gateway.tls.provider})
 */
public record GatewaySettings(
        Duration heartbeatInterval,
        int heartbeatTolerance,
        int maxPendingCommands,
        int controlFramesPerSecond,
        FrameLimits frameLimits,
        StrangerLimits strangers,
        TlsProvider tlsProvider) {

    public static final GatewaySettings DEFAULT = new GatewaySettings(
            Duration.ofSeconds(10), 3, 32, 50, FrameLimits.DEFAULT, StrangerLimits.DEFAULT, TlsProvider.preferred());

    public GatewaySettings {
        require(heartbeatInterval.toMillis() >= 50, "heartbeatInterval", heartbeatInterval);
        require(heartbeatTolerance >= 1 && heartbeatTolerance <= 100, "heartbeatTolerance", heartbeatTolerance);
        require(maxPendingCommands >= 1, "maxPendingCommands", maxPendingCommands);
        require(controlFramesPerSecond >= 1, "controlFramesPerSecond", controlFramesPerSecond);
        require(strangers != null && strangers.frameLimits().maxFrameBytes() <= frameLimits.maxFrameBytes(),
                "strangers", strangers);
        require(tlsProvider != null, "tlsProvider", tlsProvider);
    }

    /** The same settings with another heartbeat interval (tests and demos use short ones). */
    public GatewaySettings withHeartbeatInterval(Duration interval) {
        return new GatewaySettings(interval, heartbeatTolerance, maxPendingCommands,
                controlFramesPerSecond, frameLimits, strangers, tlsProvider);
    }

    /** The same settings with other limits for connections that have not authenticated yet. */
    public GatewaySettings withStrangers(StrangerLimits limits) {
        return new GatewaySettings(heartbeatInterval, heartbeatTolerance, maxPendingCommands,
                controlFramesPerSecond, frameLimits, limits, tlsProvider);
    }

    /** The same settings on another TLS engine. */
    public GatewaySettings withTlsProvider(TlsProvider provider) {
        return new GatewaySettings(heartbeatInterval, heartbeatTolerance, maxPendingCommands,
                controlFramesPerSecond, frameLimits, strangers, provider);
    }

    /** A camera is offline once this much time passed without a frame from it. */
    public Duration offlineAfter() {
        return heartbeatInterval.multipliedBy(heartbeatTolerance);
    }

    private static void require(boolean ok, String name, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("gateway setting " + name + " has a bad value: " + value);
        }
    }
}
