package camcloud.cloud.api;

import camcloud.cloud.account.PasswordHasher;
import java.time.Clock;
import java.time.Duration;

/**
 * How the HTTP API behaves. {@link #defaults} is right for a server; tests replace the clock and
 * the password cost with {@code with…} copies.
 *
 * @param operatorToken   the bearer token of operator endpoints; null or blank disables them
 * @param secureCookies   mark the session cookie {@code Secure}: set when users reach the server over HTTPS
 * @param sessionLifetime how long a sign-in lasts
 * @param commandTimeout  how long a command waits for the camera's acknowledgement
 * @param maxBodyBytes    the largest request body accepted
 * @param password        Argon2id cost of password hashes
 * @param clock           time for sessions and rate limits
 * @param clientAddress   who a request comes from: the TCP peer, or behind trusted proxies the address they forward
 * @param limits          guessing, sign-up and connection limits
 */
public record ApiSettings(
        String operatorToken,
        boolean secureCookies,
        Duration sessionLifetime,
        Duration commandTimeout,
        int maxBodyBytes,
        PasswordHasher.Parameters password,
        Clock clock,
        ClientAddress clientAddress,
        ApiLimits limits) {

    public ApiSettings {
        if (sessionLifetime == null || sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException("sessionLifetime must be positive, was " + sessionLifetime);
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
        }
        if (maxBodyBytes < 256 || maxBodyBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 256..1048576, was " + maxBodyBytes);
        }
        if (password == null) {
            throw new IllegalArgumentException("password parameters are required");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        if (clientAddress == null) {
            throw new IllegalArgumentException("clientAddress is required");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits are required");
        }
    }

    /**
     * Server defaults: 14-day sessions, 10 s command timeout, 16 KiB bodies, OWASP Argon2id cost, no
     * trusted proxy, {@link ApiLimits#DEFAULTS}.
     */
    public static ApiSettings defaults(String operatorToken, boolean secureCookies) {
        return new ApiSettings(operatorToken, secureCookies, Duration.ofDays(14), Duration.ofSeconds(10),
                16 * 1024, PasswordHasher.Parameters.OWASP, Clock.systemUTC(), ClientAddress.direct(),
                ApiLimits.DEFAULTS);
    }

    public ApiSettings withClock(Clock clock) {
        return new ApiSettings(operatorToken, secureCookies, sessionLifetime, commandTimeout, maxBodyBytes,
                password, clock, clientAddress, limits);
    }

    public ApiSettings withPassword(PasswordHasher.Parameters password) {
        return new ApiSettings(operatorToken, secureCookies, sessionLifetime, commandTimeout, maxBodyBytes,
                password, clock, clientAddress, limits);
    }

    public ApiSettings withCommandTimeout(Duration commandTimeout) {
        return new ApiSettings(operatorToken, secureCookies, sessionLifetime, commandTimeout, maxBodyBytes,
                password, clock, clientAddress, limits);
    }

    public ApiSettings withClientAddress(ClientAddress clientAddress) {
        return new ApiSettings(operatorToken, secureCookies, sessionLifetime, commandTimeout, maxBodyBytes,
                password, clock, clientAddress, limits);
    }

    public ApiSettings withLimits(ApiLimits limits) {
        return new ApiSettings(operatorToken, secureCookies, sessionLifetime, commandTimeout, maxBodyBytes,
                password, clock, clientAddress, limits);
    }

    /** Hides the operator token, so logging the settings never logs the secret. */
    @Override
    public String toString() {
        return "ApiSettings[operatorToken=" + (operatorToken == null || operatorToken.isBlank() ? "none" : "***")
                + ", secureCookies=" + secureCookies + ", sessionLifetime=" + sessionLifetime
                + ", commandTimeout=" + commandTimeout + ", maxBodyBytes=" + maxBodyBytes
                + ", password=" + password + ", clientAddress=" + clientAddress + ", limits=" + limits + "]";
    }
}
