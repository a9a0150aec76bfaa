package camcloud.device.agent;

import camcloud.device.identity.CameraIdentity;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The camera's TLS settings: TLS 1.3 only; the gateway must present a certificate issued by the
 * pinned platform CA for the host the camera dials (server use only, so another camera's
 * certificate cannot pose as the gateway); the camera proves itself with its device key.
 */
public final class AgentTls {

    /**
     * How long the camera keeps a session (a TLS 1.3 ticket) to offer on its next dial: as long as the
     * gateway's tickets live. Without it Netty's client cache drops a session after five minutes, so a
     * camera that had been online longer than that (every camera, when a node dies) made a full
     * handshake on reconnect. A ticket the gateway no longer accepts costs nothing: it answers with a
     * full handshake.
     */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private AgentTls() {
    }

    /**
     * TLS for a provisioned camera, on Netty's OpenSSL engine when it is available (less memory and
     * CPU per connection than the JDK's, and it says whether a handshake resumed a session), else the
     * JDK's. The context caches the sessions (TLS 1.3 tickets) the gateway hands out per host and
     * port, for {@link #SESSION_LIFETIME}, so a reconnect to the same gateway resumes. Reference counted with OpenSSL: the agent
     * releases it when it stops.
     */
    public static SslContext forIdentity(CameraIdentity identity) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(identity.platformCa())
                    .keyManager(new DeviceKeyManager(identity.deviceKey(), identity.certificate()))
                    .endpointIdentificationAlgorithm("HTTPS")
                    .sessionTimeout(SESSION_LIFETIME.toSeconds())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the camera's TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The same settings for the JDK's own HTTPS client (the updater's bundle download over
     * {@code HttpsURLConnection}): TLS 1.3, the platform CA the only trust anchor, the device
     * certificate presented. Host names are checked by {@code HttpsURLConnection} itself.
     */
    public static SSLSocketFactory socketFactory(CameraIdentity identity) {
        return new LazySocketFactory(() -> {
            try {
                return sslContext(identity.platformCa(), identity.deviceKey(), identity.certificate(),
                        identity.platformCa()).getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up the camera's HTTPS client: " + e.getMessage(), e);
            }
        });
    }

    /**
     * A JDK TLS 1.3 context that trusts {@code anchor} alone and, when {@code key} is not null,
     * presents {@code chain} (leaf first). Tests use it for clients with other certificates.
     */
    public static SSLContext sslContext(X509Certificate anchor, PrivateKey key, X509Certificate... chain)
            throws GeneralSecurityException {
        try {
            KeyManager[] keyManagers = key == null ? new KeyManager[0]
                    : new KeyManager[] {new DeviceKeyManager(key, chain)};
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("platform-ca", anchor);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new GeneralSecurityException("in-memory key store: " + e.getMessage(), e);
        }
    }

    /**
     * TLS for factory provisioning, before the camera knows the platform CA. The transport is
     * encrypted but not yet authenticated; {@link FactoryProvisioner} authenticates the cloud with the
     * operator-token proof and checks that the TLS peer's certificate chains to the CA it receives.
     */
    public static SslContext forProvisioning() {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up provisioning TLS: " + e.getMessage(), e);
        }
    }
}
