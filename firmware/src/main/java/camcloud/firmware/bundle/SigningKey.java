package camcloud.firmware.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * The Ed25519 key a firmware build signs bundles with. File format ({@code *.key}, created mode 0600):
 *
 * <pre>
 * format=camcloud-signing-key/1
 * algorithm=Ed25519
 * keyId=&lt;16 hex digits&gt;
 * private=&lt;base64 of the PKCS#8 private key&gt;
 * public=&lt;base64 of the X.509 public key&gt;
 * </pre>
 *
 * <p>The public half is written separately as a {@link TrustedKey} file for cameras and the cloud.
 */
public final class SigningKey {

    static final String FORMAT = "camcloud-signing-key/1";

    private final TrustedKey publicKey;
    private final PrivateKey privateKey;

    private SigningKey(TrustedKey publicKey, PrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A new random key. */
    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(KeyFile.ALGORITHM).generateKeyPair();
            return new SigningKey(TrustedKey.of(pair.getPublic()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 missing from the JDK", e);
        }
    }

    /**
     * Reads a {@code .key} file and checks that its halves belong together.
     *
     * @throws BundleException naming the file and what is wrong with it
     */
    public static SigningKey load(Path file) {
        Properties props = KeyFile.read(file, FORMAT);
        PublicKey pub = TrustedKey.decodePublic(KeyFile.require(props, file, "public"), file);
        PrivateKey priv;
        try {
            priv = KeyFactory.getInstance(KeyFile.ALGORITHM).generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(KeyFile.require(props, file, "private"))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(file + ": unreadable private key: " + e.getMessage(), e);
        }
        String id = KeyFile.require(props, file, "keyId");
        if (!KeyFile.keyId(pub).equals(id)) {
            throw new BundleException(file + ": keyId " + id + " does not match the public key (its id is "
                    + KeyFile.keyId(pub) + ")");
        }
        SigningKey key = new SigningKey(new TrustedKey(id, pub), priv);
        byte[] probe = "camcloud key check".getBytes(StandardCharsets.US_ASCII);
        if (!key.publicKey.verifies(probe, key.sign(probe))) {
            throw new BundleException(file + ": private and public key do not belong together");
        }
        return key;
    }

    /**
     * Writes {@code <name>.key} (mode 0600 where the file system has POSIX permissions) and
     * {@code <name>.pub} into {@code dir}; never overwrites a key.
     *
     * @return the private key file
     */
    public Path save(Path dir, String name) throws IOException {
        Path priv = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "refusing to overwrite a key file");
            }
        }
        Files.createDirectories(dir);
        String text = "# camcloud firmware signing key: SECRET, keep out of the repository\n"
                + "format=" + FORMAT + "\n"
                + "algorithm=" + KeyFile.ALGORITHM + "\n"
                + "keyId=" + keyId() + "\n"
                + "private=" + Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n"
                + "public=" + Base64.getEncoder().encodeToString(publicKey.publicKey().getEncoded()) + "\n";
        try {
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection is all there is
            Files.createFile(priv);
        }
        Files.writeString(priv, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        publicKey.save(pub);
        return priv;
    }

    public String keyId() {
        return publicKey.keyId();
    }

    /** The public half, as cameras trust it. */
    public TrustedKey trustedKey() {
        return publicKey;
    }

    /** Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance(KeyFile.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }
}
