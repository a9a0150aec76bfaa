package camcloud.cloud.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is asking: the address of the client behind a request, which every per-address limit
 * (sign-in, sign-up, claim codes) counts under.
 *
 * <p>It is the TCP peer, unless the peer is one of the configured trusted proxies
 * ({@code http.trusted.proxies}). Then it is read from the header that proxy writes
 * ({@code http.forwarded.header}: {@code X-Forwarded-For}, the default, or {@code Forwarded}),
 * walking its hops from the right — the hop a proxy appended last — past every trusted proxy to
 * the first address that is not one: the rightmost untrusted hop. Hops further left were written
 * by the client itself and prove nothing. With no trusted proxies (the default) the header is
 * ignored, so a stranger cannot choose the address they are counted under. Only the header the
 * proxy writes is read: a client could send the other one through the proxy untouched.
 *
 * <p>A hop that is not an IP address (an obfuscated {@code Forwarded} node, garbage) stops the
 * walk at the last trusted hop: that proxy is then the best that is known of the client.
 *
 * <p>Limits count an IPv4 client by its address and an IPv6 client by its {@code /64}, the block one
 * subscriber gets: otherwise one household could take 2^64 fresh budgets ({@link #limitKey}).
 */
public final class ClientAddress {

    private static final Logger log = LoggerFactory.getLogger(ClientAddress.class);
    /** Hops read at most: a chain of proxies is a handful; a header listing thousands is an attack. */
    private static final int MAX_HOPS = 32;

    /** The header a trusted proxy writes the client's address into. */
    public enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"),
        FORWARDED("Forwarded");

        private final String fieldName;

        Header(String fieldName) {
            this.fieldName = fieldName;
        }

        public String fieldName() {
            return fieldName;
        }

        /** {@code X-Forwarded-For} or {@code Forwarded}, any case. */
        public static Header parse(String text) {
            for (Header h : values()) {
                if (h.fieldName.equalsIgnoreCase(text.strip())) {
                    return h;
                }
            }
            throw new IllegalArgumentException("must be X-Forwarded-For or Forwarded, was '" + text + "'");
        }
    }

    private final List<AddressBlock> trustedProxies;
    private final Header header;
    private final AtomicBoolean warnedUntrustedHeader = new AtomicBoolean();

    public ClientAddress(List<AddressBlock> trustedProxies, Header header) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.header = header;
    }

    /** No proxy trusted: the client is the TCP peer. */
    public static ClientAddress direct() {
        return new ClientAddress(List.of(), Header.X_FORWARDED_FOR);
    }

    /** Comma-separated blocks ({@code 127.0.0.1, 10.0.0.0/8}); blank trusts none. */
    public static List<AddressBlock> parseBlocks(String list) {
        List<AddressBlock> blocks = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                blocks.add(AddressBlock.parse(part));
            }
        }
        return blocks;
    }

    public List<AddressBlock> trustedProxies() {
        return trustedProxies;
    }

    public Header header() {
        return header;
    }

    /** The key per-address limits count {@code request}'s client under: an IPv4 address or an IPv6 /64. */
    public String limitKey(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        return of(peer, lines(request))
                .map(ClientAddress::limitKey)
                .orElse(String.valueOf(peer));
    }

    /** The client's address; empty only when the TCP peer itself is not an IP address. */
    public Optional<InetAddress> of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), lines(request));
    }

    private HeaderLines lines(HttpServletRequest request) {
        return () -> {
            java.util.Enumeration<String> values = request.getHeaders(header.fieldName());
            return values == null ? Collections.emptyEnumeration() : values;
        };
    }

    static String limitKey(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        return new AddressBlock(address, 64).toString();
    }

    private Optional<InetAddress> of(String peerText, HeaderLines lines) {
        Optional<InetAddress> peer = AddressBlock.literal(peerText);
        if (peer.isEmpty()) {
            return peer;
        }
        if (!trusted(peer.get())) {
            warnIfLikelyMisconfigured(peer.get(), lines);
            return peer;
        }
        List<String> hops = hops(lines);
        InetAddress client = peer.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressBlock.literal(withoutPort(hops.get(i)));
            if (hop.isEmpty()) {
                return Optional.of(client);
            }
            client = hop.get();
            if (!trusted(client)) {
                return Optional.of(client);
            }
        }
        return Optional.of(client);
    }

    private boolean trusted(InetAddress address) {
        for (AddressBlock block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The header's hops in order, left to right, over all its lines (at most {@link #MAX_HOPS}, the rightmost). */
    private List<String> hops(HeaderLines lines) {
        List<String> hops = new ArrayList<>();
        for (String line : Collections.list(lines.get())) {
            for (String element : line.split(",")) {
                hops.add(header == Header.FORWARDED ? forwardedFor(element) : element.strip());
            }
        }
        return hops.size() > MAX_HOPS ? hops.subList(hops.size() - MAX_HOPS, hops.size()) : hops;
    }

    /** The {@code for=} node of one {@code Forwarded} element (RFC 7239), or "" when it has none. */
    private static String forwardedFor(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return "";
    }

    /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}, {@code [2001:db8::1]:4711} → {@code 2001:db8::1}. */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':') && node.indexOf('.') >= 0) {
            return node.substring(0, colon);
        }
        return node;
    }

    /**
     * A forwarding header from a peer on this machine or a private network that is not trusted is
     * most likely a reverse proxy nobody listed: then every user counts as that one address. Said
     * once, at WARN; a stranger on the internet sending the header is not worth a line.
     */
    private void warnIfLikelyMisconfigured(InetAddress peer, HeaderLines lines) {
        if ((peer.isLoopbackAddress() || peer.isSiteLocalAddress() || isUniqueLocal(peer))
                && lines.get().hasMoreElements() && warnedUntrustedHeader.compareAndSet(false, true)) {
            log.warn("a request from {} carries {} but {} is not in http.trusted.proxies: the header is ignored "
                    + "and every client of that proxy shares one address for sign-in, sign-up and claim limits; "
                    + "list the proxy in http.trusted.proxies", peer.getHostAddress(), header.fieldName(),
                    peer.getHostAddress());
        }
    }

    private static boolean isUniqueLocal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }

    @Override
    public String toString() {
        return trustedProxies.isEmpty() ? "no trusted proxies"
                : "trusted proxies " + trustedProxies + " via " + header.fieldName();
    }

    /** The request's lines of the forwarding header, read only when needed. */
    @FunctionalInterface
    private interface HeaderLines {
        java.util.Enumeration<String> get();
    }
}
