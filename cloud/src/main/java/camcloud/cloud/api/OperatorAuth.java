package camcloud.cloud.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator endpoints' check: {@code Authorization: Bearer <operator token>}. Both sides are
 * hashed before a constant-time comparison, so neither the token's length nor its bytes leak
 * through timing; a node without a token refuses every operator call.
 */
final class OperatorAuth {

    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    OperatorAuth(String operatorToken) {
        this.tokenDigest = operatorToken == null || operatorToken.isBlank() ? null : sha256(operatorToken);
    }

    /** Returns when the request carries the operator token; otherwise answers 401. */
    void require(Context ctx) {
        String header = ctx.header("Authorization");
        if (tokenDigest == null || header == null || !header.startsWith(BEARER) || header.length() > 1024
                || !MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length())))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthorized("operator token required");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
