package camcloud.device.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void addressesComeRoundRobinFromTheBlock() {
        SourceAddresses block = SourceAddresses.parse("127.1.2.3/30");
        assertThat(block.size()).isEqualTo(4);
        assertThat(block.loopback()).isTrue();
        String[] seen = new String[6];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = block.next().getHostAddress();
        }
        assertThat(seen).containsExactly("127.1.2.0", "127.1.2.1", "127.1.2.2", "127.1.2.3", "127.1.2.0", "127.1.2.1");
    }

    @Test
    void aSingleAddressIsABlockOfOne() throws Exception {
        SourceAddresses one = SourceAddresses.parse("127.0.0.9");
        assertThat(one.next()).isEqualTo(InetAddress.getByName("127.0.0.9"));
        assertThat(one.next()).isEqualTo(InetAddress.getByName("127.0.0.9"));
    }

    @Test
    void blocksOutsideLoopbackAreNotLoopback() {
        assertThat(SourceAddresses.parse("10.0.0.0/8").loopback()).isFalse();
        assertThat(SourceAddresses.parse("127.0.0.0/7").loopback()).isFalse();
    }

    @Test
    void badBlocksAreRefusedNamingTheValue() {
        for (String bad : new String[] {"", "127.1.0.0/33", "localhost", "::1/128", "127.1.0.0/x", "1/2/3"}) {
            assertThatThrownBy(() -> SourceAddresses.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
