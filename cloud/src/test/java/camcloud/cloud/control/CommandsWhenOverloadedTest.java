package camcloud.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.work.BlockingPool;
import camcloud.cloud.work.SaturatedPool;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command whose answer arrives while the node's blocking pool is full: the caller gets a clear 503
 * "retry later" (counted as a refusal), not work run on the event loop the answer came on.
 */
class CommandsWhenOverloadedTest {

    @TempDir
    Path dir;
    TestCloud cloud;
    final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
    }

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        cloud.close();
    }

    @Test
    void commandAnsweredWhileThePoolIsFullIsA503() throws IOException {
        ApiClient owner = new ApiClient(cloud.httpBase());
        owner.signUp("owner", "correct horse battery");
        TestCloud.Provisioned provisioned = cloud.provision();
        assertThat(owner.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
        String commands = "/api/cameras/" + provisioned.serial() + "/commands";
        try (ControlledCamera camera = new ControlledCamera(cloud, provisioned.flash(), loops, List.of("commands.v1"))) {
            assertThat(TestCloud.await(CameraCommandsTest.WAIT,
                    () -> cloud.server().presence().isOnline(camera.serial))).isTrue();
            assertThat(owner.post(commands, Map.of("type", "ping")).status()).isEqualTo(200);
            BlockingPool pool = cloud.server().blockingPool();
            try (SaturatedPool full = SaturatedPool.fill(pool)) {
                long refused = pool.rejections();

                ApiClient.Response busy = owner.post(commands, Map.of("type", "ping"));

                assertThat(busy.status()).isEqualTo(503);
                assertThat(busy.json().get("error").asText()).contains("retry later");
                assertThat(busy.header("Retry-After")).isNotBlank();
                assertThat(pool.rejections()).isGreaterThan(refused);
            }
            assertThat(owner.post(commands, Map.of("type", "ping")).status()).isEqualTo(200);
        }
    }
}
