package camcloud.cloud.gateway;

import static camcloud.cloud.gateway.GatewaySecurityTest.hello;
import static camcloud.cloud.gateway.GatewaySecurityTest.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.LogCapture;
import camcloud.cloud.TestCloud;
import camcloud.cloud.work.BlockingPool;
import camcloud.cloud.work.EventLoopGuard;
import camcloud.cloud.work.SaturatedPool;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.provision.FactoryProvisioner.ProvisioningException;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose blocking pool is full tells cameras to come back later (Goodbye OVERLOADED "retry
 * later"), counts the refusal, and never runs their database work on a gateway event loop instead;
 * once the pool has room again the same cameras get in.
 */
class GatewayOverloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    TestCloud cloud;
    final List<Thread> databaseThreads = new CopyOnWriteArrayList<>();
    SaturatedPool saturated;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
        EventLoopGuard.watch(databaseThreads::add);
    }

    @AfterEach
    void stop() {
        EventLoopGuard.watch(null);
        if (saturated != null) {
            saturated.release();
        }
        cloud.close();
    }

    @Test
    void fullPoolSaysRetryLaterAndRunsNoDatabaseWorkOnAnEventLoop() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        BlockingPool pool = cloud.server().blockingPool();
        long violationsBefore = EventLoopGuard.violations();
        saturated = SaturatedPool.fill(pool);
        long rejections = pool.rejections();
        databaseThreads.clear();

        // The camera's own credentials over a real socket: we read the Goodbye it gets.
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity(camera.flash())), WAIT)) {
            client.send(hello(camera.serial()));
            Goodbye goodbye = goodbye(client);
            assertThat(goodbye.getReason()).isEqualTo(Goodbye.Reason.REASON_OVERLOADED);
            assertThat(goodbye.getDetail()).isEqualTo("retry later");
        }
        assertThat(pool.rejections()).isGreaterThan(rejections);
        assertThat(cloud.server().metrics().registry().get("camcloud.blocking.rejections").functionCounter().count())
                .isEqualTo(pool.rejections());
        assertThat(cloud.server().gatewayStats().handshakesFailed()).isPositive();

        // The virtual camera itself: refused as long as the pool is full, and it keeps trying.
        try (LogCapture log = LogCapture.everything()) {
            VirtualCamera running = cloud.powerOn(camera.flash());
            assertThat(TestCloud.await(WAIT, () -> log.contains("the cloud closed the session: REASON_OVERLOADED")))
                    .isTrue();
            assertThat(running.online()).isFalse();
            assertThat(cloud.server().presence().isOnline(camera.serial())).isFalse();

            // Nothing that needed the database ran anywhere else meanwhile, least of all on an event loop.
            assertThat(databaseThreads).noneMatch(EventLoopGuard::onEventLoop);
            assertThat(EventLoopGuard.violations()).isEqualTo(violationsBefore);

            saturated.release();
            assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(camera.serial()))).isTrue();
        }
        // Its lookup ran on the pool.
        assertThat(databaseThreads).anyMatch(t -> t.getName().startsWith("cloud-blocking-"));
        assertThat(databaseThreads).noneMatch(EventLoopGuard::onEventLoop);
        assertThat(EventLoopGuard.violations()).isEqualTo(violationsBefore);
    }

    @Test
    void fullPoolRefusesProvisioningWithRetryLater() throws Exception {
        BlockingPool pool = cloud.server().blockingPool();
        saturated = SaturatedPool.fill(pool);
        long refused = pool.rejections();

        assertThatThrownBy(cloud::provision).isInstanceOf(ProvisioningException.class).hasMessageContaining("retry later");
        assertThat(pool.rejections()).isGreaterThan(refused);

        saturated.release();
        assertThat(cloud.provision().serial()).isNotBlank();
    }

    private static Goodbye goodbye(GatewayClient client) throws IOException {
        while (true) {
            Envelope e = client.receive(WAIT);
            if (e.hasGoodbye()) {
                return e.getGoodbye();
            }
        }
    }
}
