package camcloud.device.agent;

import camcloud.device.identity.CameraIdentity;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The camera's TLS settings: TLS 1.3 only; the gateway must present a certificate issued by the
 * pinned platform CA for the host the camera dials (server use only, so another camera's
 * certificate cannot pose as the gateway); the camera proves itself with its device key.
 */
public final class AgentTls {

    private AgentTls() {
    }

    /** TLS for a provisioned camera. */
    public static SslContext forIdentity(CameraIdentity identity) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(identity.platformCa())
                    .keyManager(identity.deviceKey(), identity.certificate())
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the camera's TLS: " + e.getMessage(), e);
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
