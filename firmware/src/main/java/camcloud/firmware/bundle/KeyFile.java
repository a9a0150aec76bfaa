package camcloud.firmware.bundle;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The text format of key files: {@code key=value} lines (Java properties, UTF-8) with a
 * {@code format} line first, so a private key file can never be mistaken for a public one.
 * Also computes key ids: the first 8 bytes of SHA-256 over the X.509 encoding of the public key, hex.
 */
final class KeyFile {

    static final String ALGORITHM = "Ed25519";

    private KeyFile() {
    }

    static Properties read(Path file, String expectedFormat) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException("key file " + file + ": no such file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BundleException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        try (Reader reader = new StringReader(text)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException(file + ": not a key file: " + e.getMessage(), e);
        }
        String format = props.getProperty("format");
        if (!expectedFormat.equals(format)) {
            throw new BundleException(file + ": expected format=" + expectedFormat + ", found "
                    + (format == null ? "no format line" : "format=" + format));
        }
        String algorithm = props.getProperty("algorithm");
        if (!ALGORITHM.equals(algorithm)) {
            throw new BundleException(file + ": unsupported algorithm '" + algorithm + "' (supported: " + ALGORITHM + ")");
        }
        return props;
    }

    static String require(Properties props, Path file, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new BundleException(file + ": missing '" + key + "'");
        }
        return value.strip();
    }

    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
