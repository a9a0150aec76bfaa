package camcloud.cloud.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery: {@code X-Camcloud-Signature: v1=HEX(HMAC-SHA256(secret, TIMESTAMP + "." + BODY))},
 * the key being the secret's UTF-8 bytes as shown at registration ({@code whsec_...}) and TIMESTAMP the
 * {@code X-Camcloud-Timestamp} header (Unix seconds). Signing the timestamp with the body lets a
 * receiver refuse an old delivery replayed with a fresh timestamp; the delivery id
 * ({@code X-Camcloud-Delivery}, also {@code "id"} in the body) lets it refuse one seen before.
 */
public final class WebhookSignature {

    public static final String DELIVERY = "X-Camcloud-Delivery";
    public static final String TIMESTAMP = "X-Camcloud-Timestamp";
    public static final String SIGNATURE = "X-Camcloud-Signature";

    private WebhookSignature() {
    }

    /** The value of {@link #SIGNATURE}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver does (and our tests do): the signature must match, compared in constant time,
     * and the timestamp be within {@code toleranceSeconds} of the receiver's clock.
     */
    public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader,
                                 long nowSeconds, long toleranceSeconds) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return java.security.MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.US_ASCII));
    }
}
