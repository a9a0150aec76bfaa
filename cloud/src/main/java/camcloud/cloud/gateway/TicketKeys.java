package camcloud.cloud.gateway;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that seal TLS session tickets, the same on every node: each period's key is derived from
 * one secret all nodes hold (the platform CA's, see {@code PlatformCa.derivedSecret}) and the
 * period's number, so nodes agree without talking and a camera whose node died resumes its session
 * on another. A new key seals tickets every {@link #PERIOD}; the previous period's key still opens
 * them (a ticket lives at most two periods), and so does the next one (a node whose clock runs a
 * little ahead has moved on already). Keys of past periods can be derived again from the CA key, so
 * the CA key protects them as it protects everything else; TLS 1.3 resumption with (EC)DHE keeps
 * each session's traffic keys secret even then.
 */
final class TicketKeys {

    /** How long one key seals new tickets. */
    static final Duration PERIOD = Duration.ofHours(12);

    private final byte[] secret;

    TicketKeys(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a ticket secret has at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    /** The period {@code epochMillis} falls in. */
    static long period(long epochMillis) {
        return Math.floorDiv(epochMillis, PERIOD.toMillis());
    }

    /** The keys at {@code epochMillis}: the one that seals first, then those that only open. */
    OpenSslSessionTicketKey[] at(long epochMillis) {
        long now = period(epochMillis);
        return new OpenSslSessionTicketKey[] {key(now), key(now - 1), key(now + 1)};
    }

    /** Period {@code n}'s key: 16 bytes of name (what a ticket says it was sealed with), HMAC and AES keys. */
    OpenSslSessionTicketKey key(long n) {
        byte[] material = new byte[64];
        System.arraycopy(hmac(n, (byte) 1), 0, material, 0, 32);
        System.arraycopy(hmac(n, (byte) 2), 0, material, 32, 32);
        return new OpenSslSessionTicketKey(Arrays.copyOfRange(material, 0, OpenSslSessionTicketKey.NAME_SIZE),
                Arrays.copyOfRange(material, 16, 16 + OpenSslSessionTicketKey.HMAC_KEY_SIZE),
                Arrays.copyOfRange(material, 32, 32 + OpenSslSessionTicketKey.AES_KEY_SIZE));
    }

    private byte[] hmac(long period, byte block) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update("camcloud ticket key".getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(9).putLong(period).put(block).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
