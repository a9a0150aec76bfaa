package camcloud.cloud.cluster.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.TestCloud;
import camcloud.cloud.pki.PlatformCa;
import java.io.InputStream;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node certificates and who may call {@code /internal/} routes: only a node certificate of the
 * platform CA over the camera HTTPS listener; a camera's certificate is refused there, the plain
 * HTTP port has no such routes, and a node certificate is no camera at the gateway.
 */
class NodeRoutesTest {

    private static final char[] NONE = new char[0];

    @TempDir
    Path dir;

    @Test
    void nodeAndCameraCertificatesAreToldApart() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            PlatformCa ca = cloud.server().ca();
            X509Certificate node = NodeTls.issue(ca, "node-7").certificate();
            X509Certificate device = ca.issueDeviceCertificate("CAM-0001", PlatformCa.newKeyPair().getPublic());
            assertThat(PlatformCa.nodeIdOf(node)).isEqualTo("node-7");
            assertThat(PlatformCa.serialOf(node)).as("a node certificate names no camera").isNull();
            assertThat(PlatformCa.nodeIdOf(device)).as("a camera certificate names no node").isNull();
            assertThat(PlatformCa.serialOf(device)).isEqualTo("CAM-0001");
            assertThat(PlatformCa.nodeIdOf(ca.gatewayCertificate())).isNull();
            assertThatThrownBy(() -> ca.issueNodeCertificate("bad id:x", PlatformCa.newKeyPair().getPublic()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void internalRoutesTakeNodeCertificatesOnly() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            PlatformCa ca = cloud.server().ca();
            String path = "/internal/v1/cameras/CAM-0001/live";
            String https = "https://127.0.0.1:" + cloud.server().cameraHttpsPort();

            KeyPair cameraKey = PlatformCa.newKeyPair();
            SSLContext camera = clientTls(ca, cameraKey, ca.issueDeviceCertificate("CAM-0001", cameraKey.getPublic()));
            assertThat(upgrade(camera, https + path)).as("a camera's certificate, WebSocket").isEqualTo(403);
            assertThat(get(camera, https + path)).as("a camera's certificate, plain GET").isEqualTo(403);

            assertThat(get(null, cloud.httpBase() + path)).as("the plain HTTP port has no node routes").isEqualTo(404);
            assertThat(upgrade(null, cloud.httpBase() + path)).isEqualTo(404);

            SSLContext node = NodeTls.issue(ca, "node-7").context();
            assertThat(upgrade(node, https + path)).as("a node passes; the camera is not connected here")
                    .isEqualTo(404);
        }
    }

    @Test
    void aNodeCertificateIsNoCameraAtTheGateway() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir);
             SSLSocket socket = (SSLSocket) NodeTls.issue(cloud.server().ca(), "node-7").context().getSocketFactory()
                     .createSocket("127.0.0.1", cloud.server().gatewayPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("the gateway closes the connection").isEqualTo(-1);
        }
    }

    /** The status of a WebSocket upgrade the server refused (101 when it accepted). */
    private static int upgrade(SSLContext tls, String url) throws Exception {
        HttpClient client = client(tls);
        try {
            WebSocket ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url.replaceFirst("^http", "ws")), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static int get(SSLContext tls, String url) throws Exception {
        return client(tls).send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpClient client(SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            SSLParameters p = new SSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            b.sslContext(tls).sslParameters(p);
        }
        return b.build();
    }

    /** TLS as a camera's agent does it: its key and certificate, the platform CA as the only anchor. */
    private static SSLContext clientTls(PlatformCa ca, KeyPair key, X509Certificate cert) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("camera", key.getPrivate(), NONE, new Certificate[] {cert, ca.certificate()});
        KeyManagerFactory km = KeyManagerFactory.getInstance("PKIX");
        km.init(keys, NONE);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tm = TrustManagerFactory.getInstance("PKIX");
        tm.init(anchors);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        return context;
    }
}
