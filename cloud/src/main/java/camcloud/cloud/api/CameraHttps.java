package camcloud.cloud.api;

import camcloud.cloud.pki.PlatformCa;
import camcloud.cloud.pki.PlatformTrust;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP API's listener for cameras (firmware bundle downloads): the same TLS as the camera
 * gateway. TLS 1.3 only; the node presents the gateway certificate (issued by the platform CA for
 * the gateway names, with the CA in its chain); the client must present a certificate issued by the
 * platform CA — the only trust anchor — so only provisioned cameras complete the handshake, and a
 * browser or {@code curl} without a device certificate is refused before any HTTP is read.
 *
 * <pre>{@code
 * config.jetty.addConnector((server, http) -> new CameraHttps(ca).connector(server, http, host, 8443));
 * }</pre>
 *
 * <p>TLS 1.2 is not offered: both ends are ours, the camera's agent already speaks TLS 1.3 to the
 * gateway with the same stack, and one protocol version is one less thing to keep safe.
 */
public final class CameraHttps {

    private final SSLContext context;

    /** TLS from the platform CA's gateway key and certificate, built in memory (no key files written). */
    public CameraHttps(PlatformCa ca) {
        this.context = sslContext(ca);
    }

    /** A connector on {@code host}:{@code port} (host null = every interface, port 0 = any free port). */
    public ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(context);
        tls.setIncludeProtocols("TLSv1.3");
        tls.setNeedClientAuth(true);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /**
     * Key manager: the gateway key with the chain gateway certificate → platform CA. Trust manager:
     * the platform CA alone (the JDK's default anchors are not consulted); the JDK also checks that a
     * client certificate allows client authentication, so the gateway's own certificate is no pass.
     */
    static SSLContext sslContext(PlatformCa ca) {
        try {
            KeyManagerFactory keyManagers = PlatformTrust.keyManagers(ca, ca.gatewayKey(), ca.gatewayCertificate());
            TrustManagerFactory trust = PlatformTrust.onlyThePlatformCa(ca);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the cameras' HTTPS listener: " + e.getMessage(), e);
        }
    }
}
