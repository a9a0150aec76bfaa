package camcloud.cloud.config;

import camcloud.cloud.api.ApiLimits;
import camcloud.cloud.api.ApiSettings;
import camcloud.cloud.api.ClientAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * Who the users' HTTP side trusts and how many accounts it lets one address make (part of
 * {@link CloudConfig}), with their properties keys:
 *
 * <ul>
 *   <li>{@code http.trusted.proxies} — comma-separated addresses and blocks
 *       ({@code 127.0.0.1, 10.0.0.0/8, fd00::/8}) of the reverse proxies in front of the node; empty
 *       (the default) trusts none. Requests from them are counted under the client address they
 *       forward (see {@link ClientAddress});</li>
 *   <li>{@code http.forwarded.header} — the header those proxies write: {@code X-Forwarded-For}
 *       (the default) or {@code Forwarded};</li>
 *   <li>{@code http.signups.per.hour} — accounts one client address may create an hour (default 5);</li>
 *   <li>{@code http.command.timeout.seconds} — how long a command (PTZ, settings, reboot…) waits for the
 *       camera's answer before the caller gets 504 (default 10, 1 to 300).</li>
 * </ul>
 *
 * Bad values fail fast with the setting's name.
 */
public record HttpConfig(ClientAddress clientAddress, int signUpsPerHour, Duration commandTimeout) {

    public static final Set<String> KEYS = Set.of("http.trusted.proxies", "http.forwarded.header",
            "http.signups.per.hour", "http.command.timeout.seconds");
    static final int MAX_SIGNUPS_PER_HOUR = 100_000;
    static final int MAX_COMMAND_TIMEOUT_SECONDS = 300;

    public HttpConfig {
        if (clientAddress == null) {
            throw new IllegalArgumentException("clientAddress is required");
        }
        if (signUpsPerHour < 1 || signUpsPerHour > MAX_SIGNUPS_PER_HOUR) {
            throw new IllegalArgumentException("http.signups.per.hour must be between 1 and " + MAX_SIGNUPS_PER_HOUR
                    + ", was " + signUpsPerHour);
        }
        if (commandTimeout == null || commandTimeout.toMillis() < 100
                || commandTimeout.compareTo(Duration.ofSeconds(MAX_COMMAND_TIMEOUT_SECONDS)) > 0) {
            throw new IllegalArgumentException("http.command.timeout.seconds must be between 1 and "
                    + MAX_COMMAND_TIMEOUT_SECONDS + ", was " + (commandTimeout == null ? null : commandTimeout.toSeconds()));
        }
    }

    public static HttpConfig defaults() {
        return new HttpConfig(ClientAddress.direct(), ApiLimits.DEFAULTS.signUpsPerAddress().guesses(),
                Duration.ofSeconds(10));
    }

    /** {@code settings} with these client addresses and sign-up limit. */
    public ApiSettings applyTo(ApiSettings settings) {
        return settings.withClientAddress(clientAddress)
                .withLimits(settings.limits().withSignUpsPerHour(signUpsPerHour))
                .withCommandTimeout(commandTimeout);
    }

    /** These settings with the keys of {@link #KEYS} present in {@code p} applied. */
    HttpConfig with(Properties p) {
        ClientAddress address = clientAddress;
        if (p.containsKey("http.trusted.proxies") || p.containsKey("http.forwarded.header")) {
            String proxies = p.getProperty("http.trusted.proxies");
            String header = p.getProperty("http.forwarded.header");
            try {
                address = new ClientAddress(
                        proxies == null ? clientAddress.trustedProxies() : ClientAddress.parseBlocks(proxies),
                        clientAddress.header());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("http.trusted.proxies: " + e.getMessage());
            }
            try {
                address = header == null ? address
                        : new ClientAddress(address.trustedProxies(), ClientAddress.Header.parse(header));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("http.forwarded.header " + e.getMessage());
            }
        }
        int signUps = signUpsPerHour;
        if (p.containsKey("http.signups.per.hour")) {
            String value = p.getProperty("http.signups.per.hour");
            try {
                signUps = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("http.signups.per.hour must be a whole number, was '" + value + "'");
            }
        }
        Duration timeout = commandTimeout;
        if (p.containsKey("http.command.timeout.seconds")) {
            String value = p.getProperty("http.command.timeout.seconds");
            try {
                timeout = Duration.ofSeconds(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("http.command.timeout.seconds must be a whole number, was '"
                        + value + "'");
            }
        }
        return new HttpConfig(address, signUps, timeout);
    }

    public HttpConfig withClientAddress(ClientAddress address) {
        return new HttpConfig(address, signUpsPerHour, commandTimeout);
    }

    public HttpConfig withSignUpsPerHour(int perHour) {
        return new HttpConfig(clientAddress, perHour, commandTimeout);
    }

    /** These settings with another command timeout (tests use short ones). */
    public HttpConfig withCommandTimeout(Duration timeout) {
        return new HttpConfig(clientAddress, signUpsPerHour, timeout);
    }
}
