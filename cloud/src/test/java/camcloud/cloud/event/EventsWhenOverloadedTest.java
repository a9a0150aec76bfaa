package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.work.BlockingPool;
import camcloud.cloud.work.SaturatedPool;
import camcloud.protocol.v1.Goodbye;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event frame that cannot be queued for storage because the node's blocking pool is full: not
 * acknowledged (the camera keeps it) and the camera is told to retry later.
 */
class EventsWhenOverloadedTest {

    @TempDir
    Path dir;
    TestCloud cloud;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void eventWhileThePoolIsFullIsNotAckedAndTheCameraIsToldToRetryLater() throws Exception {
        TestCloud.Provisioned provisioned = cloud.provision();
        try (EventCamera camera = EventCamera.connect(cloud, EventCamera.identity(provisioned), 1)) {
            camera.video();
            BlockingPool pool = cloud.server().blockingPool();
            try (SaturatedPool full = SaturatedPool.fill(pool)) {
                long refused = pool.rejections();

                camera.send(EventCamera.start("ev-1", "motion", EventCamera.monoNow()));

                assertThat(TestCloud.await(Duration.ofSeconds(10), () -> camera.goodbye() != null)).isTrue();
                assertThat(camera.goodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_OVERLOADED);
                assertThat(camera.goodbye().getDetail()).isEqualTo("retry later");
                assertThat(camera.acks()).isEmpty(); // acks come before the Goodbye: there were none
                assertThat(pool.rejections()).isGreaterThan(refused);
            }
        }
    }
}
