package camcloud.cloud.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks are time-limited, one run at a time each, and a report is reused briefly. */
class HealthChecksTest {

    @TempDir
    Path dir;

    @Test
    void hangingCheckIsReportedDownAndNeverStartedTwice() {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (HealthChecks health = new HealthChecks(Duration.ofMillis(100), Duration.ZERO)) {
            health.register("database", () -> {
                runs.incrementAndGet();
                hang.await();
                return HealthCheck.Status.up();
            });
            health.register("disk", () -> HealthCheck.Status.up("plenty"));

            for (int i = 0; i < 5; i++) {
                HealthChecks.Report report = health.report();
                assertThat(report.ok()).isFalse();
                assertThat(report.checks().get("database").ok()).isFalse();
                assertThat(report.checks().get("database").detail()).contains("no answer");
                assertThat(report.checks().get("disk")).isEqualTo(HealthCheck.Status.up("plenty"));
            }
            assertThat(runs).hasValue(1);
            hang.countDown();
        }
    }

    @Test
    void reportIsReusedWhileFreshAndFailuresSayNothingOfTheException() {
        AtomicInteger runs = new AtomicInteger();
        try (HealthChecks health = new HealthChecks(Duration.ofSeconds(5), Duration.ofMinutes(1))) {
            health.register("store", () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("s3://secret-bucket password=hunter2");
            });
            HealthChecks.Report first = health.report();
            assertThat(health.report()).isSameAs(first);
            assertThat(runs).hasValue(1);
            assertThat(first.checks().get("store")).isEqualTo(HealthCheck.Status.down("check failed"));
        }
    }

    @Test
    void diskCheckIsDownUnderItsMinimum() {
        assertThat(new DiskSpaceCheck(dir, 0).check().ok()).isTrue();
        HealthCheck.Status full = new DiskSpaceCheck(dir, Long.MAX_VALUE).check();
        assertThat(full.ok()).isFalse();
        assertThat(full.detail()).contains("MiB free, under the minimum");
    }
}
