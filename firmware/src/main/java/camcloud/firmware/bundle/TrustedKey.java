package camcloud.firmware.bundle;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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
        if (!Files.isRegularFile(file)) {
            throw new BundleException("key file " + file + ": no such file");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new BundleException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the text of a {@code .pub} file (for instance one an operator uploaded).
     *
     * @param source what to call the text in messages: a file name, "uploaded key"
     * @throws BundleException naming {@code source} and what is wrong with the text
     */
    public static TrustedKey parse(String text, String source) {
        Properties props = new Properties();
        try (Reader reader = new StringReader(text)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException(source + ": not a key file: " + e.getMessage(), e);
        }
        String format = props.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new BundleException(source + ": expected format=" + FORMAT + ", found "
                    + (format == null ? "no format line" : "format=" + printable(format)));
        }
        String algorithm = props.getProperty("algorithm");
        if (!KeyFile.ALGORITHM.equals(algorithm)) {
            throw new BundleException(source + ": unsupported algorithm '" + printable(String.valueOf(algorithm))
                    + "' (supported: " + KeyFile.ALGORITHM + ")");
        }
        PublicKey key = decodePublic(require(props, source, "public"), source);
        String id = require(props, source, "keyId");
        if (!KeyFile.keyId(key).equals(id)) {
            throw new BundleException(source + ": keyId " + printable(id) + " does not match the public key (its id is "
                    + KeyFile.keyId(key) + ")");
        }
        return new TrustedKey(id, key);
    }

    private static String require(Properties props, String source, String name) {
        String value = props.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new BundleException(source + ": missing '" + name + "'");
        }
        return value.strip();
    }

    /** Text from a key file as it may appear in a message: short, no control characters. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    static PublicKey decodePublic(String base64, Path file) {
        return decodePublic(base64, file.toString());
    }

    static PublicKey decodePublic(String base64, String source) {
        try {
            return KeyFactory.getInstance(KeyFile.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(source + ": unreadable public key: " + e.getMessage(), e);
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
