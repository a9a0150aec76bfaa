package camcloud.cloud.firmware;

import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.protocol.FirmwareOfferText;
import camcloud.protocol.v1.FirmwareOffer;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's firmware-offer key and download-link secret, created at first start like the CA:
 * {@code DATA/firmware/offer.key} (Ed25519, mode 600) and {@code offer.pub} — the public half is what
 * cameras' system software trusts for offers — and {@code DATA/firmware/link.secret}, the HMAC key
 * of the unguessable download links. Keep both with the CA's key.
 */
public final class OfferSigner {

    private static final String KEY_NAME = "offer";
    private static final String LINK_SECRET = "link.secret";

    private final SigningKey key;
    private final byte[] linkSecret;

    private OfferSigner(SigningKey key, byte[] linkSecret) {
        this.key = key;
        this.linkSecret = linkSecret;
    }

    public static OfferSigner loadOrCreate(Path firmwareDir) throws IOException {
        Files.createDirectories(firmwareDir);
        Path keyFile = firmwareDir.resolve(KEY_NAME + ".key");
        SigningKey key;
        if (Files.exists(keyFile)) {
            key = SigningKey.load(keyFile);
        } else {
            key = SigningKey.generate();
            key.save(firmwareDir, KEY_NAME);
        }
        Path secretFile = firmwareDir.resolve(LINK_SECRET);
        byte[] secret;
        if (Files.exists(secretFile)) {
            secret = Base64.getDecoder().decode(Files.readString(secretFile).trim());
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path tmp = firmwareDir.resolve(LINK_SECRET + ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, secretFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new OfferSigner(key, secret);
    }

    /** What cameras trust offers from. */
    public TrustedKey offerKey() {
        return key.trustedKey();
    }

    /** {@code unsigned} with key id and signature set. */
    FirmwareOffer sign(FirmwareOffer unsigned) {
        FirmwareOffer withKey = unsigned.toBuilder().setKeyId(key.keyId()).clearSignature().build();
        return withKey.toBuilder().setSignature(ByteString.copyFrom(key.sign(FirmwareOfferText.signedBytes(withKey))))
                .build();
    }

    /** The token of a download link for one camera, bundle and expiry. */
    String linkToken(String serial, String model, String version, long expiresAtMs) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(linkSecret, "HmacSHA256"));
            byte[] tag = mac.doFinal((serial + "\n" + model + "\n" + version + "\n" + expiresAtMs)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time check of a link token. */
    boolean linkValid(String serial, String model, String version, long expiresAtMs, String token) {
        byte[] expected = linkToken(serial, model, version, expiresAtMs).getBytes(StandardCharsets.US_ASCII);
        return token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }
}
