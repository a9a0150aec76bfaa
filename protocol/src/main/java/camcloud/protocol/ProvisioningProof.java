package camcloud.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMACs of factory provisioning (see {@code ProvisionHello} in the schema). Both sides prove that
 * they know the operator token without sending it: the cloud first (so a fake cloud cannot plant its
 * own CA in the camera), then the camera (so a stranger cannot register cameras). Every field is
 * length-prefixed so that no two different inputs hash alike.
 */
public final class ProvisioningProof {

    /** Nonce size both sides use. */
    public static final int NONCE_BYTES = 32;

    private static final String SERVER_LABEL = "camcloud-provision-server";
    private static final String CLIENT_LABEL = "camcloud-provision-client";

    private ProvisioningProof() {
    }

    public static byte[] server(String operatorToken, byte[] clientNonce, byte[] serverNonce, byte[] platformCa) {
        return hmac(operatorToken, SERVER_LABEL.getBytes(StandardCharsets.US_ASCII), clientNonce, serverNonce,
                platformCa);
    }

    public static byte[] client(String operatorToken, byte[] clientNonce, byte[] serverNonce, String serial,
                                byte[] publicKey) {
        return hmac(operatorToken, CLIENT_LABEL.getBytes(StandardCharsets.US_ASCII), clientNonce, serverNonce,
                serial.getBytes(StandardCharsets.UTF_8), publicKey);
    }

    /** Constant-time comparison. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] hmac(String token, byte[]... fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] field : fields) {
                mac.update(ByteBuffer.allocate(4).putInt(field.length).array());
                mac.update(field);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
