package camcloud.device.agent;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the camera's one key and certificate chain, whatever the server asks. Given straight to
 * the TLS contexts instead of a {@code KeyManagerFactory} over a PKCS#12 key store: putting a key in
 * such a store encrypts it (a password-based KDF of 10,000 rounds), which cost every camera of a
 * fleet ~10 ms of CPU per context at power-on, twice.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "device";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    DeviceKeyManager(PrivateKey key, X509Certificate... chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return matches(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    private String choose(String[] keyTypes) {
        if (keyTypes == null) {
            return ALIAS;
        }
        for (String type : keyTypes) {
            if (matches(type)) {
                return ALIAS;
            }
        }
        return null;
    }

    /** Key types come as algorithm names ("EC", "RSA") or, from older callers, "EC_EC" style pairs. */
    private boolean matches(String keyType) {
        return keyType == null || keyType.startsWith(key.getAlgorithm());
    }
}
