package camcloud.cloud.api;

import java.time.Duration;

/**
 * A request the API refuses, with the status and the message the client sees as
 * {@code {"error": message}}. Thrown from handlers; {@link HttpApi} turns it into the response.
 * Messages name the field or the thing that was wrong and never echo secrets back.
 */
final class ApiError extends RuntimeException {

    private final int status;
    /** Only for 429: how long the client should wait. */
    private final Duration retryAfter;

    private ApiError(int status, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message, null);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, message, null);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, message, null);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message, null);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message, null);
    }

    /** A camera that cannot do what was asked (it did not announce the capability). */
    static ApiError notImplemented(String message) {
        return new ApiError(501, message, null);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(413, message, null);
    }

    static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, message, null);
    }

    static ApiError tooManyRequests(String message, Duration retryAfter) {
        return new ApiError(429, message, retryAfter);
    }

    /** The camera is not there for this caller: unknown, or someone else's — the answer is the same. */
    static ApiError unknownCamera() {
        return notFound("unknown camera");
    }

    /** Whole seconds to wait, rounded up, at least 1: the value of a {@code Retry-After} header. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
