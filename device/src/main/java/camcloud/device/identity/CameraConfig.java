package camcloud.device.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the {@code config} partition holds: where the cloud is and the camera's settings. Survives
 * firmware updates.
 *
 * <p>The cloud may be one address (a load balancer in front of the nodes, or a single node) or
 * several: the agent tries them in turn, so a site without a load balancer still survives a node
 * that is down. The partition keeps them as one {@code cloud} variable, comma-separated
 * ({@code h1:p1,h2:p2}); a single address is written exactly as before, so older configs read back
 * unchanged.
 *
 * @param gateways gateways the camera dials, in the order it tries them (at least one)
 * @param settings settings the cloud applied (name, day/night, …)
 */
public record CameraConfig(List<GatewayAddress> gateways, Map<String, String> settings) {

    public CameraConfig {
        if (gateways == null || gateways.isEmpty()) {
            throw new IllegalArgumentException("the camera needs at least one cloud address");
        }
        gateways = List.copyOf(gateways);
        settings = Map.copyOf(settings);
    }

    /** A config with one gateway. */
    public CameraConfig(String cloudHost, int cloudPort, Map<String, String> settings) {
        this(List.of(new GatewayAddress(cloudHost, cloudPort)), settings);
    }

    /**
     * Parses {@code HOST:PORT} or a comma-separated list of them ({@code h1:p1,h2:p2}; IPv6 in
     * brackets) as given to {@code --cloud}.
     */
    public static CameraConfig parseCloud(String hostPorts, Map<String, String> settings) {
        if (hostPorts == null || hostPorts.isBlank()) {
            throw new IllegalArgumentException("cloud address must be HOST:PORT, was '" + hostPorts + "'");
        }
        List<GatewayAddress> gateways = new ArrayList<>();
        for (String one : hostPorts.split(",", -1)) {
            GatewayAddress address = GatewayAddress.parse(one);
            if (!gateways.contains(address)) {
                gateways.add(address);
            }
        }
        return new CameraConfig(gateways, settings);
    }

    public CameraConfig withSettings(Map<String, String> newSettings) {
        return new CameraConfig(gateways, newSettings);
    }

    /** The first gateway's host: the one a single-address camera dials, and the one provisioning uses. */
    public String cloudHost() {
        return gateways.get(0).host();
    }

    /** The first gateway's port. */
    public int cloudPort() {
        return gateways.get(0).port();
    }

    /** All gateways as {@code --cloud} takes them: {@code HOST:PORT[,HOST:PORT…]}. */
    public String cloudAddress() {
        return gateways.stream().map(GatewayAddress::toString).collect(Collectors.joining(","));
    }
}
