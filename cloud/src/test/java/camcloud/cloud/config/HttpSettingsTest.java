package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.api.ApiSettings;
import camcloud.cloud.api.ClientAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.trusted.proxies}, {@code http.forwarded.header}, {@code http.signups.per.hour}: read, applied, checked. */
class HttpSettingsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultNoProxyIsTrustedAndFiveSignUpsAnHourAreAllowed() {
        HttpConfig http = CloudConfig.defaults().http();
        assertThat(http.clientAddress().trustedProxies()).isEmpty();
        assertThat(http.signUpsPerHour()).isEqualTo(5);
    }

    @Test
    void theFileSetsProxiesHeaderAndSignUps() throws Exception {
        HttpConfig http = read("http.trusted.proxies = 127.0.0.1, 10.0.0.0/8, fd00::/8\n"
                + "http.forwarded.header = forwarded\nhttp.signups.per.hour = 20\n").http();
        assertThat(http.clientAddress().trustedProxies()).hasToString("[127.0.0.1/32, 10.0.0.0/8, fd00:0:0:0:0:0:0:0/8]");
        assertThat(http.clientAddress().header()).isEqualTo(ClientAddress.Header.FORWARDED);
        ApiSettings api = http.applyTo(ApiSettings.defaults("t", true));
        assertThat(api.clientAddress()).isSameAs(http.clientAddress());
        assertThat(api.limits().signUpsPerAddress().guesses()).isEqualTo(20);
        assertThat(api.limits().signUpsPerAddress().per()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void commandsWaitTenSecondsForTheCameraUnlessTheFileSaysOtherwise() throws Exception {
        assertThat(CloudConfig.defaults().http().applyTo(ApiSettings.defaults("t", false)).commandTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        HttpConfig http = read("http.command.timeout.seconds = 30\n").http();
        assertThat(http.applyTo(ApiSettings.defaults("t", false)).commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> read("http.command.timeout.seconds = 0\n"))
                .hasMessageContaining("http.command.timeout.seconds").hasMessageContaining("was 0");
        assertThatThrownBy(() -> read("http.command.timeout.seconds = soon\n"))
                .hasMessageContaining("http.command.timeout.seconds").hasMessageContaining("soon");
    }

    @Test
    void anEmptyListTrustsNoProxy() throws Exception {
        assertThat(read("http.trusted.proxies =\n").http().clientAddress().trustedProxies()).isEmpty();
    }

    @Test
    void badValuesFailFastNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> read("http.trusted.proxies = proxy.example.com\n"))
                .hasMessageContaining("http.trusted.proxies").hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> read("http.trusted.proxies = 10.0.0.0/40\n"))
                .hasMessageContaining("http.trusted.proxies").hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> read("http.forwarded.header = X-Real-IP\n"))
                .hasMessageContaining("http.forwarded.header").hasMessageContaining("X-Real-IP");
        assertThatThrownBy(() -> read("http.signups.per.hour = lots\n"))
                .hasMessageContaining("http.signups.per.hour").hasMessageContaining("lots");
        assertThatThrownBy(() -> read("http.signups.per.hour = 0\n"))
                .hasMessageContaining("http.signups.per.hour").hasMessageContaining("was 0");
        assertThatThrownBy(() -> read("http.trusted.proxy = 127.0.0.1\n"))
                .hasMessageContaining("unknown setting 'http.trusted.proxy'").hasMessageContaining("http.trusted.proxies");
    }

    private CloudConfig read(String text) throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, text);
        return CloudConfig.defaults().withFile(file);
    }
}
