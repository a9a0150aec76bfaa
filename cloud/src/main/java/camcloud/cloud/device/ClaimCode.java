package camcloud.cloud.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The code printed on a camera's label: 15 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L), shown in groups of five ({@code 7K3QF-XW9TD-M2HRP}), 75 bits of entropy.
 * The cloud stores only its SHA-256, so a database leak does not hand out cameras.
 */
public final class ClaimCode {

    private static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final int LENGTH = 15;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCode() {
    }

    public static String generate() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 5 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** What a person typed, uppercased, without spaces and dashes; null when it cannot be a code. */
    public static String normalize(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH) {
            return null;
        }
        for (int i = 0; i < code.length(); i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return null;
            }
        }
        return code;
    }

    /** The stored form of a normalized code. */
    public static String hash(String normalized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalized.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
