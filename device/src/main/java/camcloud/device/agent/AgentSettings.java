package camcloud.device.agent;

import java.time.Duration;
import java.util.List;

/**
 * How the cloud agent behaves.
 *
 * @param firmwareVersion version reported in Hello
 * @param capabilities    features this camera announces
 * @param backoffBase     first reconnect delay
 * @param backoffCap      longest reconnect delay
 * @param helloTimeout    how long to wait for Welcome after connecting
 */
public record AgentSettings(
        String firmwareVersion,
        List<String> capabilities,
        Duration backoffBase,
        Duration backoffCap,
        Duration helloTimeout) {

    public static AgentSettings defaults(String firmwareVersion) {
        return new AgentSettings(firmwareVersion, List.of("commands.v1"), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    public AgentSettings {
        capabilities = List.copyOf(capabilities);
        if (backoffBase.isNegative() || backoffBase.isZero()) {
            throw new IllegalArgumentException("backoffBase must be positive, was " + backoffBase);
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap " + backoffCap + " is shorter than backoffBase "
                    + backoffBase);
        }
    }

    public AgentSettings withBackoff(Duration base, Duration cap) {
        return new AgentSettings(firmwareVersion, capabilities, base, cap, helloTimeout);
    }
}
