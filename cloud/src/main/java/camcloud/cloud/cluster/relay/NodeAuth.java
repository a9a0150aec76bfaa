package camcloud.cloud.cluster.relay;

import camcloud.cloud.pki.PlatformCa;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.security.cert.X509Certificate;

/**
 * Who may call {@code /internal/} routes: another node, proven by a node certificate of the platform
 * CA over the camera HTTPS listener (mutual TLS; the handshake already checked the chain). On the
 * plain HTTP port the routes do not exist (404); a camera's certificate, or the gateway's, is
 * refused (403).
 */
final class NodeAuth {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private NodeAuth() {
    }

    /** The calling node's id; throws 404/403 for anyone else. */
    static String requireNode(Context ctx) {
        if (!ctx.req().isSecure()) {
            throw new NotFoundResponse("not found");
        }
        Object certs = ctx.req().getAttribute(CERTIFICATES);
        String node = certs instanceof X509Certificate[] chain && chain.length > 0
                ? PlatformCa.nodeIdOf(chain[0]) : null;
        if (node == null) {
            throw new ForbiddenResponse("node-to-node routes take a node certificate");
        }
        return node;
    }
}
