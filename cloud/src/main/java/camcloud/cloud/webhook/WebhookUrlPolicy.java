package camcloud.cloud.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs the cloud will POST to. A webhook must not turn the cloud into a way into its own
 * network, so a URL is refused unless it is {@code http} or {@code https}, carries no credentials,
 * and its host resolves only to public addresses: not loopback, private (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10), CGNAT
 * (100.64/10), "this network" (0/8), reserved (240/4), unspecified or multicast — also when an IPv6
 * address embeds such an IPv4 one. {@link WebhookSettings#allowPrivateNetworks} lets an operator
 * allow the private kinds (never unspecified or multicast).
 *
 * <p>The check runs at registration and again before every try ({@link #resolve}): a name that
 * resolved to a public address yesterday may resolve to 127.0.0.1 today (DNS rebinding), so the
 * delivery connects to the very address this check approved, never resolving again.
 */
public final class WebhookUrlPolicy {

    /** Resolves a host name (the JDK's resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL the policy refuses, with the reason the owner sees. */
    public static final class Refused extends Exception {
        private final boolean temporary;

        Refused(String message, boolean temporary) {
            super(message, null, false, false);
            this.temporary = temporary;
        }

        /** True when trying again later may succeed (the name did not resolve). */
        public boolean temporary() {
            return temporary;
        }
    }

    /** A URL that passed, with the address to connect to. */
    public record Checked(URI uri, String host, int port, boolean https, InetAddress address) {
    }

    static final int MAX_URL_LENGTH = 2048;

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookUrlPolicy(boolean allowPrivateNetworks) {
        this(allowPrivateNetworks, InetAddress::getAllByName);
    }

    public WebhookUrlPolicy(boolean allowPrivateNetworks, Resolver resolver) {
        this.allowPrivate = allowPrivateNetworks;
        this.resolver = resolver;
    }

    /** The form of the URL alone: scheme, host, no credentials, length. */
    public URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("url is required", false);
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("url must be at most " + MAX_URL_LENGTH + " characters", false);
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("url is not a valid URL", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("url must be http or https" + (scheme.isEmpty() ? "" : ", was " + printable(scheme)),
                    false);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("url must not carry credentials (user:password@); put a token in the path or rely on "
                    + "the signature", false);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("url must name a host", false);
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("url must not have a fragment (#...)", false);
        }
        return uri;
    }

    /** Parses, resolves and checks every address the host resolves to; the first is the one to use. */
    public Checked resolve(String url) throws Refused {
        URI uri = parse(url);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Refused("host " + printable(bare) + " does not resolve", true);
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("host " + printable(bare) + " does not resolve", true);
        }
        for (InetAddress a : addresses) {
            Optional<String> why = forbidden(a);
            if (why.isPresent()) {
                throw new Refused("url points into a network the cloud does not deliver to: " + printable(bare)
                        + (bare.equals(a.getHostAddress()) ? "" : " resolves to " + a.getHostAddress())
                        + " (" + why.get() + ")", false);
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Checked(uri, bare, port, https, addresses[0]);
    }

    /** Why the cloud will not connect to {@code a}; empty when it may. */
    Optional<String> forbidden(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast address");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return forbidden(embedded.get()).map(why -> why + ", embedded in an IPv6 address");
            }
            if (a.isLoopbackAddress()) {
                return Optional.of("loopback");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private network fc00::/7");
            }
            if (a.isLinkLocalAddress()) {
                return Optional.of("link-local fe80::/10");
            }
            if (a.isSiteLocalAddress()) {
                return Optional.of("site-local fec0::/10");
            }
            return Optional.empty();
        }
        byte[] b = a.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 127) {
            return Optional.of("loopback");
        }
        if (first == 0) {
            return Optional.of("\"this network\" 0.0.0.0/8");
        }
        if (first == 10 || (first == 172 && second >= 16 && second < 32) || (first == 192 && second == 168)) {
            return Optional.of("private network");
        }
        if (first == 169 && second == 254) {
            return Optional.of("link-local 169.254.0.0/16, where cloud metadata services live");
        }
        if (first == 100 && second >= 64 && second < 128) {
            return Optional.of("carrier-grade NAT 100.64.0.0/10");
        }
        if (first >= 240) {
            return Optional.of("reserved 240.0.0.0/4");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}, which the JDK usually turns into
     * an IPv4 address already), IPv4-compatible ({@code ::a.b.c.d}) or NAT64 ({@code 64:ff9b::a.b.c.d})
     * IPv6 address.
     */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty(); // four bytes are always an address
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
