package camcloud.cloud.cluster.relay;

import camcloud.cloud.pki.PlatformCa;
import camcloud.cloud.pki.PlatformTrust;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * This node's TLS client identity for node-to-node calls: a key made at start and a node certificate
 * ({@code node:<id>}) the shared platform CA issues for it in memory (every node holds the CA key).
 * The client presents it to the other node's camera HTTPS listener, whose {@code /internal/} routes
 * accept node certificates only.
 *
 * <p>Trust: the platform CA alone (never the JDK's anchors), and the server's certificate must be
 * one the CA issued for server use (the gateway's, a node's); a camera's certificate is for client
 * use only and is refused. Host names are not compared: a node is reached at the address the
 * directory advertises (often an internal address the gateway certificate does not name), and only
 * the platform's own servers hold server certificates of this CA.
 */
public final class NodeTls {

    private final String nodeId;
    private final X509Certificate certificate;
    private final SSLContext context;

    private NodeTls(String nodeId, X509Certificate certificate, SSLContext context) {
        this.nodeId = nodeId;
        this.certificate = certificate;
        this.context = context;
    }

    /** Issues this node's certificate from {@code ca} and builds the client TLS context. */
    public static NodeTls issue(PlatformCa ca, String nodeId) {
        try {
            KeyPair pair = PlatformCa.newKeyPair();
            X509Certificate cert = ca.issueNodeCertificate(nodeId, pair.getPublic());
            KeyManagerFactory keyManagers = PlatformTrust.keyManagers(ca, pair.getPrivate(), cert);
            TrustManagerFactory trust = PlatformTrust.onlyThePlatformCa(ca);
            X509TrustManager pkix = null;
            for (TrustManager tm : trust.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    pkix = x;
                }
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new PlatformServers(pkix)}, null);
            return new NodeTls(nodeId, cert, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up node-to-node TLS: " + e.getMessage(), e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** TLS 1.3 with this node's certificate, trusting servers of the platform CA only. */
    public SSLContext context() {
        return context;
    }

    /**
     * The JDK's PKIX check of the chain against the platform CA, which for a server also demands the
     * server-authentication key purpose; the three-argument forms leave out the host-name check (see
     * the class comment). This client never accepts clients, so those checks refuse.
     */
    private static final class PlatformServers extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;

        PlatformServers(X509TrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a node-to-node client accepts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a node-to-node client accepts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a node-to-node client accepts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
