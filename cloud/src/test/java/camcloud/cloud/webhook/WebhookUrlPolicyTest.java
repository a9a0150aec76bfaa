package camcloud.cloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

    /** Names resolve as the table says (no DNS in tests), literals as themselves. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "203.0.113.7",
            "internal.example.com", "10.1.2.3",
            "metadata.example.com", "169.254.169.254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address != null) {
            return new InetAddress[] {InetAddress.getByName(address)};
        }
        if (host.equals("localhost")) {
            return InetAddress.getAllByName("localhost"); // the machine's own resolver: 127.0.0.1 (and ::1)
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    }

    private final WebhookUrlPolicy policy = new WebhookUrlPolicy(false, WebhookUrlPolicyTest::resolve);

    @Test
    void aPublicHttpsUrlPassesAndTheCheckedAddressIsTheOneToConnectTo() throws Exception {
        WebhookUrlPolicy.Checked checked = policy.resolve("https://hooks.example.com/camcloud?token=abc");
        assertThat(checked.address().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(checked.https()).isTrue();
        assertThat(checked.port()).isEqualTo(443);
        assertThat(checked.host()).isEqualTo("hooks.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://127.8.9.10:8080/", "http://localhost:8080/hook",
            "http://[::1]/", "http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/",
            "http://100.127.255.254/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
            "http://0.0.0.0/", "http://[::]/", "http://224.0.0.1/", "http://[ff02::1]/",
            "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::a00:1]/", "http://internal.example.com/hook",
            "http://metadata.example.com/", "http://240.0.0.1/"})
    void addressesInsideTheCloudsNetworkAreRefused(String url) {
        assertThatThrownBy(() -> policy.resolve(url)).isInstanceOf(WebhookUrlPolicy.Refused.class)
                .hasMessageContaining("network the cloud does not deliver to");
    }

    @Test
    void aHostNameThatResolvesToLoopbackIsRefusedNamingTheAddress() {
        assertThatThrownBy(() -> policy.resolve("http://localhost:9000/hook"))
                .isInstanceOf(WebhookUrlPolicy.Refused.class).hasMessageContaining("localhost resolves to")
                .hasMessageContaining("loopback");
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentialsAreAccepted() {
        assertThatThrownBy(() -> policy.resolve("ftp://hooks.example.com/x")).isInstanceOf(WebhookUrlPolicy.Refused.class)
                .hasMessage("url must be http or https, was ftp");
        assertThatThrownBy(() -> policy.resolve("file:///etc/passwd")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> policy.resolve("hooks.example.com/x")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> policy.resolve("https://user:pass@hooks.example.com/x"))
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> policy.resolve("https:///x")).hasMessageContaining("host");
        assertThatThrownBy(() -> policy.resolve("https://hooks.example.com/a b")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> policy.resolve("https://hooks.example.com/" + "a".repeat(3000)))
                .hasMessageContaining("at most 2048");
    }

    @Test
    void aNameThatDoesNotResolveIsATemporaryRefusal() {
        assertThatThrownBy(() -> policy.resolve("https://nowhere.example.com/"))
                .isInstanceOfSatisfying(WebhookUrlPolicy.Refused.class, r -> assertThat(r.temporary()).isTrue())
                .hasMessageContaining("does not resolve");
    }

    @Test
    void theOperatorSettingAllowsPrivateNetworksButNeverUnspecifiedOrMulticast() throws Exception {
        WebhookUrlPolicy open = new WebhookUrlPolicy(true, WebhookUrlPolicyTest::resolve);
        assertThat(open.resolve("http://127.0.0.1:8080/hook").address().isLoopbackAddress()).isTrue();
        assertThat(open.resolve("http://internal.example.com/").address().getHostAddress()).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> open.resolve("http://0.0.0.0/")).hasMessageContaining("unspecified");
        assertThatThrownBy(() -> open.resolve("http://224.0.0.1/")).hasMessageContaining("multicast");
    }
}
