package camcloud.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node's count of unauthenticated connections, per address and in total. */
class StrangersTest {

    private static final StrangerLimits LIMITS = StrangerLimits.DEFAULT.withPerAddress(2).withTotal(3)
            .withDeadline(Duration.ofSeconds(5));

    @Test
    void anAddressGetsItsPlacesAndThenIsRefusedUntilOneIsGivenBack() throws Exception {
        Strangers strangers = new Strangers(LIMITS);
        Strangers.Admission first = strangers.admit(from("203.0.113.7", 1000));
        Strangers.Admission second = strangers.admit(from("203.0.113.7", 1001));
        Strangers.Admission third = strangers.admit(from("203.0.113.7", 1002));

        assertThat(first.admitted()).isTrue();
        assertThat(second.admitted()).isTrue();
        assertThat(third.refusal()).isEqualTo(Strangers.Refusal.PER_ADDRESS_LIMIT);
        assertThat(strangers.open()).isEqualTo(2);

        first.release();
        first.release(); // a second release gives nothing back twice
        third.release(); // a refusal holds no place
        assertThat(strangers.open()).isEqualTo(1);
        assertThat(strangers.admit(from("203.0.113.7", 1003)).admitted()).isTrue();
    }

    @Test
    void theNodeLimitCountsEveryAddress() throws Exception {
        Strangers strangers = new Strangers(LIMITS);
        assertThat(strangers.admit(from("198.51.100.1", 1)).admitted()).isTrue();
        assertThat(strangers.admit(from("198.51.100.2", 1)).admitted()).isTrue();
        assertThat(strangers.admit(from("198.51.100.3", 1)).admitted()).isTrue();

        assertThat(strangers.admit(from("198.51.100.4", 1)).refusal()).isEqualTo(Strangers.Refusal.NODE_LIMIT);
        assertThat(strangers.open()).isEqualTo(3);
    }

    @Test
    void oneIpv6SubscriberNetworkCountsAsOneAddress() throws Exception {
        Strangers strangers = new Strangers(LIMITS);
        assertThat(strangers.admit(from("2001:db8:1:2::1", 1)).admitted()).isTrue();
        assertThat(strangers.admit(from("2001:db8:1:2:ffff::9", 1)).admitted()).isTrue();

        assertThat(strangers.admit(from("2001:db8:1:2:abcd::1", 1)).refusal())
                .isEqualTo(Strangers.Refusal.PER_ADDRESS_LIMIT);
        assertThat(strangers.admit(from("2001:db8:1:3::1", 1)).admitted()).as("the next /64").isTrue();
        assertThat(Strangers.addressOf(from("2001:db8:1:2::1", 1))).isEqualTo("2001:0db8:0001:0002::/64");
    }

    @Test
    void aPerAddressLimitOfZeroLeavesOnlyTheNodeLimit() throws Exception {
        Strangers strangers = new Strangers(LIMITS.withPerAddress(0));
        for (int i = 0; i < 3; i++) {
            assertThat(strangers.admit(from("10.0.0.1", 1000 + i)).admitted()).isTrue();
        }
        assertThat(strangers.admit(from("10.0.0.1", 2000)).refusal()).isEqualTo(Strangers.Refusal.NODE_LIMIT);
    }

    private static InetSocketAddress from(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }
}
