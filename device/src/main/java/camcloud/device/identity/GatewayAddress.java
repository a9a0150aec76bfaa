package camcloud.device.identity;

/**
 * One gateway a camera may dial: a host (name or address) and a port.
 *
 * @param host gateway host name or IP address (IPv6 without brackets)
 * @param port gateway port
 */
public record GatewayAddress(String host, int port) {

    public GatewayAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("cloud host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cloud port must be between 1 and 65535, was " + port);
        }
    }

    /** Parses {@code HOST:PORT} (IPv6 in brackets). */
    public static GatewayAddress parse(String hostPort) {
        String text = hostPort == null ? "" : hostPort.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("cloud address must be HOST:PORT, was '" + hostPort + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new GatewayAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cloud port must be a number, was '" + text.substring(colon + 1) + "'");
        }
    }

    /** {@code HOST:PORT}, IPv6 hosts in brackets: what {@link #parse} reads. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
