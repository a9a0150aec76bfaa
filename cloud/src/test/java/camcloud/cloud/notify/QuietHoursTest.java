package camcloud.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void hoursThatWrapMidnightHoldTheLateEveningAndTheEarlyMorningInTheUsersZone() {
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), BERLIN);
        // Berlin is UTC+1 in January
        assertThat(night.contains(Instant.parse("2026-01-10T21:00:00Z"))).isTrue();   // 22:00, the start is inside
        assertThat(night.contains(Instant.parse("2026-01-10T23:30:00Z"))).isTrue();   // 00:30
        assertThat(night.contains(Instant.parse("2026-01-11T05:59:00Z"))).isTrue();   // 06:59
        assertThat(night.contains(Instant.parse("2026-01-11T06:00:00Z"))).isFalse();  // 07:00, the end is not
        assertThat(night.contains(Instant.parse("2026-01-10T12:00:00Z"))).isFalse();  // 13:00
        assertThat(night.contains(Instant.parse("2026-01-10T20:59:00Z"))).isFalse();  // 21:59
        // UTC+2 in July: the same local hours are other instants
        assertThat(night.contains(Instant.parse("2026-07-10T20:30:00Z"))).isTrue();   // 22:30
        assertThat(night.contains(Instant.parse("2026-07-11T05:30:00Z"))).isFalse();  // 07:30
    }

    @Test
    void hoursWithinOneDayHoldOnlyThatStretch() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30), ZoneId.of("UTC"));
        assertThat(lunch.contains(Instant.parse("2026-03-01T12:45:00Z"))).isTrue();
        assertThat(lunch.contains(Instant.parse("2026-03-01T13:30:00Z"))).isFalse();
        assertThat(lunch.contains(Instant.parse("2026-03-01T02:00:00Z"))).isFalse();
    }

    @Test
    void startAndEndMustDiffer() {
        assertThatThrownBy(() -> new QuietHours(LocalTime.of(7, 0), LocalTime.of(7, 0), BERLIN))
                .hasMessageContaining("same time");
    }
}
