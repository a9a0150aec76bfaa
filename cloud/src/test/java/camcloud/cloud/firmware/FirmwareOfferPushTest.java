package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.updater.OfferCheck;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.Welcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud tells a camera its target version unasked: in the Welcome and a signed offer right after
 * it when the camera connects, and an offer at once when an operator sets a target while it is
 * online — only to sessions that announced {@code firmware.v1}, never for the version it runs.
 *
 * <p>"No unasked offer" is shown without waiting on a clock: the camera then sends a FirmwareCheck,
 * which the cloud answers in the same line as its unasked offers, so an unasked offer would arrive
 * before that answer.
 */
class FirmwareOfferPushTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    static Path dir;
    static TestCloud cloud;
    static FirmwareFixture fw;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        cloud = TestCloud.start(dir);
        fw = new FirmwareFixture(cloud.server());
        fw.publish(MODEL, "1.0.0");
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void cameraWithATargetGetsItInTheWelcomeAndASignedOfferRightAfter() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        cloud.server().firmware().setTarget(camera.serial(), MODEL.id(), "1.0.0");
        try (Session client = connect(camera)) {
            Welcome welcome = hello(client, camera, "0.1.0", true);
            assertThat(welcome.getTargetFirmware()).isEqualTo("1.0.0");

            FirmwareOffer offer = client.next().getFirmwareOffer();
            assertThat(offer.getVersion()).isEqualTo("1.0.0");
            assertThat(OfferCheck.check(offer, fw.trust(), camera.serial(), MODEL.id(),
                    FirmwareVersion.parse("0.1.0").number(), false, Clock.systemUTC())).contains(offer);
            assertThat(offersUpToACheck(client, "0.1.0")).hasSize(1); // only the check's own answer follows
        }
    }

    @Test
    void noUnaskedOfferWithoutATarget() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        try (Session client = connect(camera)) {
            assertThat(hello(client, camera, "0.1.0", true).getTargetFirmware()).isEmpty();
            assertThat(offersUpToACheck(client, "0.1.0")).singleElement()
                    .satisfies(answer -> assertThat(answer.getVersion()).isEmpty());
        }
    }

    @Test
    void noUnaskedOfferAtTheTargetVersion() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        cloud.server().firmware().setTarget(camera.serial(), MODEL.id(), "1.0.0");
        try (Session client = connect(camera)) {
            assertThat(hello(client, camera, "1.0.0", true).getTargetFirmware()).isEmpty();
            assertThat(offersUpToACheck(client, "1.0.0")).hasSize(1);
        }
    }

    @Test
    void noUnaskedOfferWithoutTheFirmwareCapability() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        cloud.server().firmware().setTarget(camera.serial(), MODEL.id(), "1.0.0");
        try (Session client = connect(camera)) {
            assertThat(hello(client, camera, "0.1.0", false).getTargetFirmware()).isEmpty();
            // the camera asked: it gets the offer once, as the answer
            assertThat(offersUpToACheck(client, "0.1.0")).singleElement()
                    .satisfies(answer -> assertThat(answer.getVersion()).isEqualTo("1.0.0"));
        }
    }

    @Test
    void versionTextThatIsNotAVersionGetsNoOfferAndKeepsTheSession() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        cloud.server().firmware().setTarget(camera.serial(), MODEL.id(), "1.0.0");
        try (Session client = connect(camera)) {
            hello(client, camera, "1.0.0-\u0000banana", true);
            assertThat(offersUpToACheck(client, "0.1.0")).hasSize(1);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void settingATargetPushesTheOfferToTheOnlineCamera() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        TestCloud.Provisioned old = cloud.provision();
        try (Session client = connect(camera); Session oldClient = connect(old)) {
            hello(client, camera, "0.1.0", true);
            hello(oldClient, old, "0.1.0", false);
            assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(camera.serial())
                    && cloud.server().presence().isOnline(old.serial()))).isTrue();

            assertThat(put(camera.serial(), "1.0.0").statusCode()).isEqualTo(200);
            FirmwareOffer pushed = client.next().getFirmwareOffer();
            assertThat(pushed.getVersion()).isEqualTo("1.0.0");
            assertThat(OfferCheck.check(pushed, fw.trust(), camera.serial(), MODEL.id(),
                    FirmwareVersion.parse("0.1.0").number(), false, Clock.systemUTC())).contains(pushed);

            // a session without firmware.v1 learns it only by asking
            assertThat(put(old.serial(), "1.0.0").statusCode()).isEqualTo(200);
            assertThat(offersUpToACheck(oldClient, "0.1.0")).hasSize(1);

            // clearing a target pushes nothing
            assertThat(send("DELETE", camera.serial(), null).statusCode()).isEqualTo(204);
            assertThat(offersUpToACheck(client, "0.1.0")).singleElement()
                    .satisfies(answer -> assertThat(answer.getVersion()).isEmpty());
        }
    }

    // ---- a camera session by hand ----

    /**
     * A camera's connection that keeps itself alive (heartbeats every 100 ms, their acks skipped by
     * {@link #next}), so a slow test machine never lets the cloud declare it offline.
     */
    private static final class Session implements AutoCloseable {
        private static final long MARK = 7;
        private final GatewayClient client;
        private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong sequence = new AtomicLong(1000);

        Session(GatewayClient client) {
            this.client = client;
        }

        void startHeartbeats() {
            heartbeats.scheduleAtFixedRate(() -> {
                try {
                    client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                            .setSequence(sequence.getAndIncrement())).build());
                } catch (IOException e) {
                    // the test sees the closed connection
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }

        void send(Envelope envelope) throws IOException {
            client.send(envelope);
        }

        /** The next message other than an ack of a keep-alive heartbeat. */
        Envelope next() throws IOException {
            while (true) {
                Envelope e = client.receive(WAIT);
                if (!e.hasHeartbeatAck() || e.getHeartbeatAck().getSequence() == MARK) {
                    return e;
                }
            }
        }

        boolean isOpen() {
            return client.isOpen();
        }

        @Override
        public void close() {
            heartbeats.shutdownNow();
            client.close();
        }
    }

    private static Session connect(TestCloud.Provisioned camera) throws IOException {
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(camera.flash(), CameraModels.builtIn())) {
            identity = f.identity();
        }
        return new Session(GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity), WAIT));
    }

    private static Welcome hello(Session client, TestCloud.Provisioned camera, String version,
                                 boolean firmwareCapability) throws IOException {
        Hello.Builder hello = Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(camera.serial())
                .setModel(MODEL.id())
                .setFirmwareVersion(version)
                .addCapabilities("commands.v1");
        if (firmwareCapability) {
            hello.addCapabilities("firmware.v1");
        }
        client.send(Envelope.newBuilder().setHello(hello).build());
        Envelope welcome = client.next();
        assertThat(welcome.hasWelcome()).as(welcome.toString()).isTrue();
        client.startHeartbeats();
        return welcome.getWelcome();
    }

    /**
     * Sends a FirmwareCheck, then, once an offer came, a heartbeat; returns every offer received before
     * the heartbeat's ack. Unasked offers queued before the check come first, so exactly one offer
     * means none was sent unasked.
     */
    private static List<FirmwareOffer> offersUpToACheck(Session client, String running) throws IOException {
        client.send(Envelope.newBuilder().setFirmwareCheck(FirmwareCheck.newBuilder()
                .setRunningVersion(running)
                .setRunningVersionNumber(FirmwareVersion.parse(running).number())).build());
        List<FirmwareOffer> offers = new ArrayList<>();
        boolean heartbeatSent = false;
        while (true) {
            Envelope next = client.next();
            if (next.hasFirmwareOffer()) {
                offers.add(next.getFirmwareOffer());
                if (!heartbeatSent) {
                    client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(Session.MARK)).build());
                    heartbeatSent = true;
                }
            } else if (next.hasHeartbeatAck() && heartbeatSent) {
                return offers;
            }
        }
    }

    private HttpResponse<String> put(String serial, String version) throws Exception {
        return send("PUT", serial, "{\"version\":\"" + version + "\"}");
    }

    private HttpResponse<String> send(String method, String serial, String json) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cloud.httpBase() + "/api/operator/cameras/" + serial
                        + "/firmware"))
                .header("Authorization", "Bearer " + cloud.server().operatorToken())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
