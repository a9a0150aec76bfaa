package camcloud.device.identity;

import java.util.Map;

/**
 * What the {@code config} partition holds: where the cloud is and the camera's settings. Survives
 * firmware updates.
 *
 * @param cloudHost gateway host the camera dials
 * @param cloudPort gateway port
 * @param settings  settings the cloud applied (name, day/night, …)
 */
public record CameraConfig(String cloudHost, int cloudPort, Map<String, String> settings) {

    public CameraConfig {
        if (cloudHost == null || cloudHost.isBlank()) {
            throw new IllegalArgumentException("cloud host must not be empty");
        }
        if (cloudPort < 1 || cloudPort > 65535) {
            throw new IllegalArgumentException("cloud port must be between 1 and 65535, was " + cloudPort);
        }
        settings = Map.copyOf(settings);
    }

    /** Parses {@code HOST:PORT} (IPv6 in brackets) as given to {@code --cloud}. */
    public static CameraConfig parseCloud(String hostPort, Map<String, String> settings) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("cloud address must be HOST:PORT, was '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new CameraConfig(host, Integer.parseInt(hostPort.substring(colon + 1)), settings);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cloud port must be a number, was '" + hostPort.substring(colon + 1)
                    + "'");
        }
    }

    public CameraConfig withSettings(Map<String, String> newSettings) {
        return new CameraConfig(cloudHost, cloudPort, newSettings);
    }

    public String cloudAddress() {
        return (cloudHost.contains(":") ? "[" + cloudHost + "]" : cloudHost) + ":" + cloudPort;
    }
}
