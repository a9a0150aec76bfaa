package camcloud.device.camera;

import static camcloud.device.camera.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.Backoff;
import camcloud.device.agent.CloudAgent;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.provision.FactoryImage;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.Envelope;
import camcloud.device.identity.GatewayAddress;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Goodbye;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose config lists several gateways, against real test gateways over TLS: it dials them
 * in turn, backs off with jitter while they fail, moves at once when one drains and backs off when
 * one is overloaded, resending there what the first did not acknowledge. The jitter comes from a seeded random, so every planned wait is known exactly
 * (no timing is measured).
 */
class CloudAgentGatewaysTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);
    private static final long SEED = 12;
    private static final Duration BASE = Duration.ofMillis(40);
    private static final Duration CAP = Duration.ofMillis(400);

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<CloudAgent.Redial> redials = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aCameraWhoseFirstGatewayRefusesConnectionsEndsUpOnTheSecond() throws Exception {
        TestGateway second = gateway(null);
        GatewayAddress down = new GatewayAddress("localhost", closedPort());
        CloudAgent agent = camera(second, down, address(second));

        assertThat(await(agent::online)).isTrue();
        assertThat(second.hellos()).isEqualTo(1);
        assertThat(redials.get(0)).isEqualTo(new CloudAgent.Redial(address(second), expected().next(), null));
    }

    @Test
    void aDrainingGatewaySendsTheCameraToTheNextAtOnceWithOnlyASmallJitter() throws Exception {
        TestGateway first = gateway(null);
        TestGateway second = gateway(first);
        CloudAgent agent = camera(first, address(first), address(second));
        assertThat(await(agent::online)).isTrue();

        first.goodbye(Goodbye.Reason.REASON_DRAINING);

        assertThat(await(() -> second.hellos() == 1 && agent.online())).isTrue();
        Duration jitter = expected().drainJitter();
        assertThat(redials).containsExactly(
                new CloudAgent.Redial(address(second), jitter, Goodbye.Reason.REASON_DRAINING));
        assertThat(jitter).isLessThanOrEqualTo(BASE.dividedBy(2));
        assertThat(first.hellos()).isEqualTo(1);
    }

    @Test
    void aGatewayThatIsAlreadyDrainingWhenTheCameraSaysHelloCountsAsAFailedDial() throws Exception {
        TestGateway first = gateway(null);
        TestGateway second = gateway(first);
        first.refuseWith = Goodbye.Reason.REASON_DRAINING;
        CloudAgent agent = camera(first, address(first), address(second));

        assertThat(await(() -> second.hellos() == 1 && agent.online())).isTrue();
        assertThat(redials.get(0)).isEqualTo(
                new CloudAgent.Redial(address(second), expected().next(), Goodbye.Reason.REASON_DRAINING));
    }

    @Test
    void overloadedGatewaysMakeTheCameraBackOffLongerAndLongerThenAGoodSessionStartsAfresh() throws Exception {
        TestGateway first = gateway(null);
        TestGateway second = gateway(first);
        first.refuseWith = Goodbye.Reason.REASON_OVERLOADED;
        second.refuseWith = Goodbye.Reason.REASON_OVERLOADED;
        CloudAgent agent = camera(first, address(first), address(second));

        assertThat(await(() -> redials.size() >= 5)).isTrue();
        second.refuseWith = null;
        assertThat(await(agent::online)).isTrue();
        int refused = redials.size();

        Backoff backoff = expected();
        for (int i = 0; i < refused; i++) {
            GatewayAddress next = i % 2 == 0 ? address(second) : address(first);
            assertThat(redials.get(i)).as("redial %d", i)
                    .isEqualTo(new CloudAgent.Redial(next, backoff.next(), Goodbye.Reason.REASON_OVERLOADED));
        }
        // The windows widen: base, 2 base, 4 base … up to the cap, each wait jittered inside its own.
        assertThat(redials.get(3).delay()).isLessThanOrEqualTo(BASE.multipliedBy(8));

        agent.dropConnection(); // a good session ended: the next wait starts from the base again
        assertThat(await(() -> redials.size() == refused + 1)).isTrue();
        backoff.reset();
        assertThat(redials.get(refused).delay()).isEqualTo(backoff.next()).isLessThanOrEqualTo(BASE);
    }

    @Test
    void aCameraToldThatItsGatewayDrainsResendsToTheNextExactlyWhatWasNotAcknowledged(@TempDir Path dir)
            throws Exception {
        TestGateway first = gateway(null);
        TestGateway second = gateway(first);
        first.acknowledgeMediaThrough = 9; // persisted 0..9; everything after stays unacknowledged
        Path flashFile = dir.resolve("camera.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(flashFile, MODEL)) {
            FactoryImage.write(flash.chip(), MODEL);
            flash.writeIdentity(first.identity("CC-TESTGWS0002", MODEL.id()));
            flash.writeConfig(new CameraConfig(List.of(address(first), address(second)), Map.of()));
        }
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        open.add(clock::shutdownNow);
        VirtualCamera camera = VirtualCamera.powerOn(flashFile, loops,
                AgentSettings.defaults("0.1.0").withBackoff(BASE, CAP),
                new CameraVideo(new VideoSourceSpec.Synthetic(new SceneSettings(160, 96, 25, 100, 25, 1)), clock, dir));
        open.add(camera);
        assertThat(await(() -> sequences(first).stream().anyMatch(s -> s >= 30))).isTrue();

        first.goodbye(Goodbye.Reason.REASON_DRAINING);

        assertThat(await(() -> !sequences(second).isEmpty())).isTrue();
        assertThat(sequences(second).get(0)).as("the first unit the next gateway gets: the first unacknowledged one")
                .isEqualTo(10L);
    }

    private static List<Long> sequences(TestGateway gateway) {
        return gateway.ofKind(Envelope.BodyCase.MEDIA_UNIT).stream().map(e -> e.getMediaUnit().getSequence()).toList();
    }

    /** The backoff the camera's agent uses, drawing from the same seeded random. */
    private static Backoff expected() {
        return new Backoff(BASE, CAP, AgentSettings.DEFAULT_BACKOFF_AT_RISK_CAP, new Random(SEED));
    }

    private TestGateway gateway(TestGateway sibling) throws Exception {
        TestGateway gateway = sibling == null ? new TestGateway() : new TestGateway(sibling);
        open.add(gateway);
        return gateway;
    }

    private CloudAgent camera(TestGateway issuer, GatewayAddress... gateways) throws Exception {
        CloudAgent agent = new CloudAgent(issuer.identity("CC-TESTGWS0001", "test-model"),
                new CameraConfig(List.of(gateways), Map.of()),
                AgentSettings.defaults("0.1.0").withBackoff(BASE, CAP), loops,
                command -> CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_OK).build())
                .jitterFrom(new Random(SEED))
                .observeRedials(redials::add);
        open.add(agent);
        agent.start();
        return agent;
    }

    private static GatewayAddress address(TestGateway gateway) {
        return new GatewayAddress("localhost", gateway.port());
    }

    /** A port nothing listens on: dialling it is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
