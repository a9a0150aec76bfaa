package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.LogCapture;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whose address a request counts under: the TCP peer, or behind a trusted proxy the rightmost hop
 * of the proxy's header that is not itself a trusted proxy — never what a stranger writes.
 */
class ClientAddressTest {

    private static final ClientAddress BEHIND_NGINX =
            new ClientAddress(ClientAddress.parseBlocks("127.0.0.1, 10.0.0.0/8, ::1"), ClientAddress.Header.X_FORWARDED_FOR);

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        ClientAddress direct = ClientAddress.direct();
        assertThat(key(direct, "203.0.113.9", Map.of("X-Forwarded-For", List.of("198.51.100.1")))).isEqualTo("203.0.113.9");
        assertThat(key(direct, "127.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.1")))).isEqualTo("127.0.0.1");
    }

    @Test
    void aStrangerCannotChooseTheirAddressEvenWhenAProxyIsTrusted() {
        // not from the proxy: the header is the stranger's own words
        assertThat(key(BEHIND_NGINX, "203.0.113.9", Map.of("X-Forwarded-For", List.of("198.51.100.1"))))
                .isEqualTo("203.0.113.9");
        // through the proxy, which appends the address it saw: what the client wrote is further left
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.1, 203.0.113.9"))))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void theRightmostHopThatIsNotATrustedProxyIsTheClient() {
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("203.0.113.9")))).isEqualTo("203.0.113.9");
        // a load balancer at 10.1.2.3 in front of nginx: both trusted, both skipped
        assertThat(key(BEHIND_NGINX, "127.0.0.1",
                Map.of("X-Forwarded-For", List.of("6.6.6.6, 203.0.113.9", "10.1.2.3")))).isEqualTo("203.0.113.9");
        // only trusted hops: the leftmost of them is the best that is known
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("10.9.9.9, 10.1.2.3"))))
                .isEqualTo("10.9.9.9");
        // no header: the proxy itself
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void aHopThatIsNotAnAddressStopsTheWalkAtTheLastTrustedOne() {
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("203.0.113.9, example.com, 10.1.2.3"))))
                .isEqualTo("10.1.2.3");
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("unknown")))).isEqualTo("127.0.0.1");
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("")))).isEqualTo("127.0.0.1");
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("999.1.1.1")))).isEqualTo("127.0.0.1");
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("203.0.113.9:4711")))).isEqualTo("203.0.113.9");
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of("[2001:db8:1:2::17]:4711"))))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void theForwardedHeaderIsReadWhenThatIsWhatTheProxyWrites() {
        ClientAddress rfc7239 = new ClientAddress(ClientAddress.parseBlocks("127.0.0.1"), ClientAddress.Header.FORWARDED);
        assertThat(key(rfc7239, "127.0.0.1", Map.of("Forwarded",
                List.of("for=6.6.6.6, for=192.0.2.60;proto=http;by=203.0.113.43")))).isEqualTo("192.0.2.60");
        assertThat(key(rfc7239, "127.0.0.1", Map.of("Forwarded", List.of("For=\"[2001:db8:cafe::17]:4711\""))))
                .isEqualTo("2001:db8:cafe:0:0:0:0:0/64");
        // an obfuscated node says nothing: the proxy is the client
        assertThat(key(rfc7239, "127.0.0.1", Map.of("Forwarded", List.of("for=_hidden")))).isEqualTo("127.0.0.1");
        // the other header is a client's: ignored
        assertThat(key(rfc7239, "127.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.1")))).isEqualTo("127.0.0.1");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        ClientAddress direct = ClientAddress.direct();
        assertThat(key(direct, "2001:db8:aa:bb:1:2:3:4", Map.of())).isEqualTo("2001:db8:aa:bb:0:0:0:0/64");
        assertThat(key(direct, "2001:db8:aa:bb:ffff::9", Map.of())).isEqualTo(key(direct, "2001:db8:aa:bb::1", Map.of()));
        assertThat(key(direct, "::ffff:198.51.100.7", Map.of())).isEqualTo("198.51.100.7");
    }

    @Test
    void blocksAreParsedStrictlyAndNeverLookedUp() {
        assertThat(AddressBlock.parse("10.0.0.0/8").contains(addr("10.200.1.1"))).isTrue();
        assertThat(AddressBlock.parse("10.0.0.0/8").contains(addr("11.0.0.1"))).isFalse();
        assertThat(AddressBlock.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(AddressBlock.parse("fd00::/8").contains(addr("fd12::1"))).isTrue();
        assertThat(AddressBlock.parse("fd00::/8").contains(addr("10.0.0.1"))).isFalse();
        assertThat(AddressBlock.parse("0.0.0.0/0").contains(addr("203.0.113.9"))).isTrue();
        assertThat(AddressBlock.parse("::1").contains(addr("::1"))).isTrue();
        for (String bad : List.of("localhost", "example.com", "10.0.0.0/33", "::/129", "10.0.0.256", "10.0.0",
                "10.0.0.0/", "10.0.0.0/-1", "1.2.3.4/8/8", "")) {
            assertThatThrownBy(() -> AddressBlock.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(ClientAddress.parseBlocks(" ")).isEmpty();
        assertThat(ClientAddress.parseBlocks("127.0.0.1,10.0.0.0/8")).hasSize(2);
    }

    @Test
    void aForwardingHeaderFromAnUntrustedLocalPeerIsWarnedAboutOnce() {
        try (LogCapture logs = LogCapture.of(ClientAddress.class)) {
            ClientAddress direct = ClientAddress.direct();
            for (int i = 0; i < 3; i++) {
                key(direct, "127.0.0.1", Map.of("X-Forwarded-For", List.of("198.51.100.1")));
            }
            assertThat(logs.messages()).hasSize(1);
            assertThat(logs.messages().get(0)).contains("http.trusted.proxies", "127.0.0.1").doesNotContain("198.51.100.1");
        }
    }

    @Test
    void aHugeHeaderIsReadOnlyAtItsRightEnd() {
        String many = String.join(", ", Collections.nCopies(10_000, "10.0.0.1")) + ", 203.0.113.9";
        assertThat(key(BEHIND_NGINX, "127.0.0.1", Map.of("X-Forwarded-For", List.of(many)))).isEqualTo("203.0.113.9");
    }

    private static InetAddress addr(String literal) {
        return AddressBlock.literal(literal).orElseThrow();
    }

    /** A request from {@code peer} with {@code headers}: only what {@link ClientAddress} reads. */
    private static String key(ClientAddress addresses, String peer, Map<String, List<String>> headers) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(ClientAddressTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" -> Collections.enumeration(headers.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                            .flatMap(e -> e.getValue().stream()).toList());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return addresses.limitKey(request);
    }
}
