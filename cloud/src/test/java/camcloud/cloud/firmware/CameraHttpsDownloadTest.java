package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.TestCloud;
import camcloud.cloud.pki.PlatformCa;
import camcloud.device.agent.AgentTls;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModel;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles travel encrypted: a signed offer links to the node's camera HTTPS port, which speaks TLS
 * 1.3 with the gateway's certificate and lets in only clients with a device certificate from the
 * platform CA — a provisioned camera downloads (with Range), anybody else fails the handshake.
 */
class CameraHttpsDownloadTest {

    private static final CameraModel MODEL = FirmwareFixture.firstModel(); // TestCloud provisions this model

    @TempDir
    Path dir;

    private TestCloud cloud;
    private CameraIdentity camera;
    private FirmwareOffer offer;
    private byte[] bundle;

    /** The node under test (the subclass runs the same tests with its bundles in an S3 bucket). */
    TestCloud startCloud(Path dir) throws IOException {
        return TestCloud.start(dir);
    }

    @BeforeEach
    void publishAndOffer() throws Exception {
        cloud = startCloud(dir);
        FirmwareFixture fw = new FirmwareFixture(cloud.server());
        PublishedBundle published = fw.publish(MODEL, "1.0.0");
        bundle = cloud.server().firmware().repository().bytes(published);
        TestCloud.Provisioned p = cloud.provision();
        camera = FirmwareFixture.identity(p.flash());
        offer = cloud.server().firmware().answer(p.serial(), MODEL.id(),
                FirmwareCheck.newBuilder().setRecovering(true).build());
        assertThat(offer.getVersion()).isEqualTo("1.0.0");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void offersLinkToTheCameraHttpsPortOnTheFirstGatewayName() {
        String host = cloud.server().config().gatewayNames().get(0);
        assertThat(offer.getBundleUrl()).startsWith("https://" + host + ":" + cloud.server().cameraHttpsPort()
                + "/api/firmware/download/");
        assertThat(cloud.server().cameraHttpsPort()).isNotIn(cloud.server().httpPort(), cloud.server().gatewayPort());
    }

    @Test
    void anotherCameraCannotUseTheLinkOfferedToThisOne() throws Exception {
        CameraIdentity other = FirmwareFixture.identity(cloud.provision().flash());
        HttpsURLConnection refused = open(offer.getBundleUrl(), AgentTls.socketFactory(other));
        try {
            assertThat(refused.getResponseCode()).isEqualTo(404);
        } finally {
            refused.disconnect();
        }
        assertThat(get(offer.getBundleUrl(), AgentTls.socketFactory(camera))).isEqualTo(200);
    }

    @Test
    void aProvisionedCameraDownloadsARangeOverTls13FromTheGatewayCertificate() throws Exception {
        HttpsURLConnection c = open(offer.getBundleUrl(), AgentTls.socketFactory(camera));
        c.setRequestProperty("Range", "bytes=1000-");
        try {
            assertThat(c.getResponseCode()).isEqualTo(206);
            assertThat(c.getHeaderField("Content-Range"))
                    .isEqualTo("bytes 1000-" + (bundle.length - 1) + "/" + bundle.length);
            // the host name was verified against this certificate, issued by the platform CA
            assertThat(c.getServerCertificates()[0]).isEqualTo(cloud.server().ca().gatewayCertificate());
            assertThat(c.getCipherSuite()).startsWith("TLS_").doesNotContain("_WITH_"); // a TLS 1.3 suite
            try (InputStream in = c.getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bundle, 1000, bundle.length));
            }
        } finally {
            c.disconnect();
        }
    }

    @Test
    void withoutADeviceCertificateTheHandshakeFails() throws Exception {
        assertThat(statusLine(AgentTls.socketFactory(camera))).isEqualTo("HTTP/1.1 200 OK"); // the probe works
        SSLContext noCertificate = FirmwareFixture.tls(cloud.server().ca().certificate(), null, null);
        assertRefused(() -> firstRead(noCertificate.getSocketFactory()));
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        PlatformCa other = PlatformCa.loadOrCreate(dir.resolve("other-pki"), List.of("localhost", "127.0.0.1"));
        KeyPair pair = PlatformCa.newKeyPair();
        X509Certificate foreign = other.issueDeviceCertificate(camera.serial(), pair.getPublic());
        SSLContext tls = FirmwareFixture.tls(cloud.server().ca().certificate(), pair.getPrivate(), foreign);
        assertRefused(() -> firstRead(tls.getSocketFactory()));
    }

    @Test
    void aClientThatDoesNotPinThePlatformCaRefusesTheServer() throws Exception {
        // the JDK's own trust anchors, as a browser's: the platform CA is not among them
        assertThatThrownBy(() -> get(offer.getBundleUrl(), SSLContext.getDefault().getSocketFactory()))
                .isInstanceOf(SSLException.class).hasMessageContaining("PKIX");
        // another platform's CA, with a certificate of its own: not our server either
        PlatformCa other = PlatformCa.loadOrCreate(dir.resolve("other-pki"), List.of("localhost", "127.0.0.1"));
        KeyPair pair = PlatformCa.newKeyPair();
        SSLContext pinsOther = FirmwareFixture.tls(other.certificate(), pair.getPrivate(),
                other.issueDeviceCertificate(camera.serial(), pair.getPublic()));
        assertThatThrownBy(() -> get(offer.getBundleUrl(), pinsOther.getSocketFactory()))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void thePlainHttpPortServesNoBundles() throws Exception {
        URI link = URI.create(offer.getBundleUrl());
        String plain = "http://127.0.0.1:" + cloud.server().httpPort() + link.getRawPath() + "?" + link.getRawQuery();
        HttpURLConnection c = (HttpURLConnection) URI.create(plain).toURL().openConnection();
        try {
            assertThat(c.getResponseCode()).isEqualTo(404);
        } finally {
            c.disconnect();
        }
        HttpURLConnection health = (HttpURLConnection) URI.create("http://127.0.0.1:" + cloud.server().httpPort()
                + "/healthz").toURL().openConnection();
        assertThat(health.getResponseCode()).isEqualTo(200);
        health.disconnect();
    }

    private static HttpsURLConnection open(String url, SSLSocketFactory tls) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(url).toURL().openConnection();
        c.setSSLSocketFactory(tls);
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        return c;
    }

    /**
     * One GET of the offer's link over a socket made by {@code tls}, host name checked: the status
     * line.
     */
    private String statusLine(SSLSocketFactory tls) throws IOException {
        URI link = URI.create(offer.getBundleUrl());
        try (SSLSocket socket = handshake(tls)) {
            socket.getOutputStream().write(("GET " + link.getRawPath() + "?" + link.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + link.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /**
     * The first byte the server sends after the handshake, before the client says anything. With TLS
     * 1.3 the server judges the client's certificate after the client has finished its side of the
     * handshake, so a refusal arrives as an alert on this read (an accepted client would time out).
     */
    /**
     * The server refused the client's certificate: its alert ({@code bad_certificate}, or
     * {@code certificate_unknown} for a chain it cannot build) on the client's
     * read, or — when the server's close overtakes the client still sending its side of the TLS 1.3
     * handshake — the connection torn down under the client's write.
     */
    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable attempt) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(attempt);
        if (refused instanceof SSLHandshakeException) {
            assertThat(refused.getMessage()).containsAnyOf("bad_certificate", "certificate_unknown");
        } else {
            assertThat(refused).as("refusal").isInstanceOf(java.net.SocketException.class);
        }
    }

    private int firstRead(SSLSocketFactory tls) throws IOException {
        try (SSLSocket socket = handshake(tls)) {
            return socket.getInputStream().read();
        }
    }

    private SSLSocket handshake(SSLSocketFactory tls) throws IOException {
        URI link = URI.create(offer.getBundleUrl());
        SSLSocket socket = (SSLSocket) tls.createSocket(link.getHost(), link.getPort());
        try {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static int get(String url, SSLSocketFactory tls) throws IOException {
        HttpsURLConnection c = open(url, tls);
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
