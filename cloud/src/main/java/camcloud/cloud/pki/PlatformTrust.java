package camcloud.cloud.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK TLS pieces of the platform's own listeners and clients (the cameras' HTTPS listener, the
 * node-to-node channel): a key with its chain up to the platform CA, and trust in the platform CA
 * alone (the JDK's default anchors are never consulted). Kept in memory only.
 */
public final class PlatformTrust {

    private static final char[] IN_MEMORY = new char[0];

    private PlatformTrust() {
    }

    /** Key managers presenting {@code certificate} (issued by {@code ca}) with the chain to the CA. */
    public static KeyManagerFactory keyManagers(PlatformCa ca, PrivateKey key, X509Certificate certificate)
            throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", key, IN_MEMORY, new Certificate[] {certificate, ca.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
        factory.init(keys, IN_MEMORY);
        return factory;
    }

    /** Trust managers that accept only certificates the platform CA issued. */
    public static TrustManagerFactory onlyThePlatformCa(PlatformCa ca) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("platform-ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return factory;
    }
}
