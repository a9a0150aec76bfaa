package camcloud.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The damper on a hand-moved clock whose timers run when the clock passes them. */
class FlapDamperTest {

    private static final NotifySettings SETTINGS = NotifySettings.DEFAULT.withOfflineGrace(Duration.ofSeconds(60))
            .withFlapLimit(4, Duration.ofMinutes(60));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final List<Timer> timers = new ArrayList<>();
    private final List<FlapDamper.Report> reports = new ArrayList<>();
    /** When each report was made. */
    private final List<Long> times = new ArrayList<>();
    private final FlapDamper damper = new FlapDamper(SETTINGS, clock, this::schedule, r -> {
        reports.add(r);
        times.add(clock.millis());
    });

    private static final class Timer {
        final long due;
        final Runnable task;
        boolean cancelled;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }
    }

    private Runnable schedule(Duration delay, Runnable task) {
        Timer t = new Timer(clock.millis() + delay.toMillis(), task);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    /** Moves the clock, running every timer that falls due on the way, in order. */
    private void advance(Duration d) {
        long end = clock.millis() + d.toMillis();
        while (true) {
            Timer next = timers.stream().filter(t -> !t.cancelled && t.due <= end)
                    .min(Comparator.comparingLong(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            clock.advance(Duration.ofMillis(next.due - clock.millis()));
            next.task.run();
        }
        clock.advance(Duration.ofMillis(end - clock.millis()));
    }

    private List<String> told() {
        return reports.stream().map(r -> (r.unstable() ? "unstable/" : "") + (r.online() ? "online" : "offline"))
                .toList();
    }

    @Test
    void aCameraThatDropsAndReturnsWithinTheGracePeriodSendsNothing() {
        damper.changed("CC-1", true);
        damper.changed("CC-1", false);
        advance(Duration.ofSeconds(59));
        damper.changed("CC-1", true);
        advance(Duration.ofMinutes(10));

        assertThat(reports).isEmpty();
        assertThat(damper.tracked()).isZero();
    }

    @Test
    void aCameraOfflineLongerThanTheGraceGetsOfflineThenBackOnline() {
        damper.changed("CC-1", true);
        damper.changed("CC-1", false);
        advance(Duration.ofSeconds(60));
        assertThat(told()).containsExactly("offline");

        advance(Duration.ofMinutes(30));
        damper.changed("CC-1", true);
        assertThat(told()).containsExactly("offline", "online");
        assertThat(reports).noneMatch(FlapDamper.Report::unstable);
    }

    @Test
    void backOnlineIsSentOnlyWhenOfflineWas() {
        damper.changed("CC-1", true); // a camera seen online for the first time is no news
        damper.changed("CC-1", false);
        damper.changed("CC-1", true);
        damper.changed("CC-2", true);
        advance(Duration.ofMinutes(5));
        assertThat(reports).isEmpty();
    }

    @Test
    void aStormOfFlapsSendsAtMostTheCapEndingInOneUnstableSummaryThenTheStateItSettledIn() {
        damper.changed("CC-1", true);
        // 20 outages of 2 minutes each, one every 5 minutes: 40 changes in 100 minutes
        for (int i = 0; i < 20; i++) {
            damper.changed("CC-1", false);
            advance(Duration.ofMinutes(2));
            damper.changed("CC-1", true);
            advance(Duration.ofMinutes(3));
        }
        // within the first hour: offline, online, offline, then the summary instead of "online"
        List<FlapDamper.Report> firstHour = reports.subList(0, 4);
        assertThat(firstHour).extracting(r -> (r.unstable() ? "unstable/" : "") + (r.online() ? "online" : "offline"))
                .containsExactly("offline", "online", "offline", "unstable/online");
        assertThat(firstHour.get(3).changes()).isEqualTo(4);
        // never more than the cap in any hour
        assertThat(capHolds(SETTINGS.flapMax(), SETTINGS.flapWindow())).isTrue();

        // the storm ends with the camera offline: once the summary leaves the window, offline is told
        damper.changed("CC-1", false);
        advance(Duration.ofHours(2));
        assertThat(reports.get(reports.size() - 1).online()).isFalse();
        assertThat(capHolds(SETTINGS.flapMax(), SETTINGS.flapWindow())).isTrue();
    }

    @Test
    void aCameraSeenByAnotherNodeWithinTheGraceIsNotReportedOffline() {
        java.util.Map<String, Long> lastSeen = new java.util.HashMap<>();
        FlapDamper damper = new FlapDamper(SETTINGS, clock, this::schedule, reports::add,
                (serial, since) -> lastSeen.getOrDefault(serial, 0L) > since);
        damper.changed("CC-1", true);
        damper.changed("CC-1", false);
        advance(Duration.ofSeconds(30));
        lastSeen.put("CC-1", clock.millis()); // it reconnected through the balancer to another node
        advance(Duration.ofSeconds(60));
        assertThat(reports).isEmpty();
        assertThat(damper.tracked()).isZero();
    }

    @Test
    void eachCameraIsDampedOnItsOwn() {
        damper.changed("CC-1", true);
        damper.changed("CC-2", true);
        damper.changed("CC-1", false);
        advance(Duration.ofSeconds(30));
        damper.changed("CC-2", false);
        advance(Duration.ofSeconds(40));
        assertThat(reports).extracting(FlapDamper.Report::serial).containsExactly("CC-1");
        advance(Duration.ofSeconds(30));
        assertThat(reports).extracting(FlapDamper.Report::serial).containsExactly("CC-1", "CC-2");
    }

    /** True when no window of the given length holds more than {@code max} reports. */
    private boolean capHolds(int max, Duration window) {
        for (long from : times) {
            long n = times.stream().filter(t -> t >= from && t < from + window.toMillis()).count();
            if (n > max) {
                return false;
            }
        }
        return true;
    }
}
