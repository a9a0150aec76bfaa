package camcloud.cloud.cluster;

/**
 * Where another node is reached for node-to-node calls: its camera HTTPS listener (mutual TLS; a
 * peer proves it is a node with a node certificate of the shared platform CA).
 *
 * @param nodeId the node's name in the directory
 * @param host   the host it advertises ({@code node.advertise})
 * @param port   its camera HTTPS port
 */
public record NodeAddress(String nodeId, String host, int port) {

    public NodeAddress {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("node id is required");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("node host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node port must be between 1 and 65535, was " + port);
        }
    }

    /** {@code https://HOST:PORT} (IPv6 in brackets). */
    public String baseUrl() {
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
