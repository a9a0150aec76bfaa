package camcloud.firmware.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * A public key a camera accepts bundles from. File format ({@code *.pub}):
 *
 * <pre>
 * format=camcloud-trusted-key/1
 * algorithm=Ed25519
 * keyId=&lt;16 hex digits: first 8 bytes of SHA-256 of the X.509 public key&gt;
 * public=&lt;base64 of the X.509 SubjectPublicKeyInfo&gt;
 * </pre>
 */
public record TrustedKey(String keyId, PublicKey publicKey) {

    static final String FORMAT = "camcloud-trusted-key/1";

    public TrustedKey {
        if (!KeyFile.keyId(publicKey).equals(keyId)) {
            throw new BundleException("key id " + keyId + " does not match the public key (its id is "
                    + KeyFile.keyId(publicKey) + ")");
        }
    }

    /** The key with its id computed. */
    public static TrustedKey of(PublicKey key) {
        return new TrustedKey(KeyFile.keyId(key), key);
    }

    /**
     * Reads a {@code .pub} file.
     *
     * @throws BundleException naming the file and what is wrong with it
     */
    public static TrustedKey load(Path file) {
        Properties props = KeyFile.read(file, FORMAT);
        PublicKey key = decodePublic(KeyFile.require(props, file, "public"), file);
        String id = KeyFile.require(props, file, "keyId");
        if (!KeyFile.keyId(key).equals(id)) {
            throw new BundleException(file + ": keyId " + id + " does not match the public key (its id is "
                    + KeyFile.keyId(key) + ")");
        }
        return new TrustedKey(id, key);
    }

    static PublicKey decodePublic(String base64, Path file) {
        try {
            return KeyFactory.getInstance(KeyFile.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(file + ": unreadable public key: " + e.getMessage(), e);
        }
    }

    /** Writes the {@code .pub} file. */
    public void save(Path file) throws IOException {
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }

    String text() {
        return "# camcloud firmware trusted key: cameras accept bundles signed by its private key\n"
                + "format=" + FORMAT + "\n"
                + "algorithm=" + KeyFile.ALGORITHM + "\n"
                + "keyId=" + keyId + "\n"
                + "public=" + Base64.getEncoder().encodeToString(publicKey.getEncoded()) + "\n";
    }

    /** Whether {@code signature} is this key's signature of {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(KeyFile.ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
