package camcloud.cloud.gateway;

import static camcloud.cloud.gateway.GatewaySecurityTest.hello;
import static camcloud.cloud.gateway.GatewaySecurityTest.identity;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.camera.VirtualCamera;
import camcloud.protocol.Frame;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Ping;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every byte from a camera is untrusted: a broken or abusive connection is closed, and only that
 * connection. Each test keeps a well-behaved camera online next to the bad one and checks that it
 * still answers commands afterwards.
 */
class GatewayRobustnessTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    TestCloud cloud;
    VirtualCamera bystander;
    TestCloud.Provisioned offender;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
        bystander = cloud.powerOn(cloud.provision().flash());
        offender = cloud.provision();
        assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(bystander.serial()))).isTrue();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void hugeLengthPrefixClosesOnlyThatConnection() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2, 3});

            assertClosedWith(client, Goodbye.Reason.REASON_PROTOCOL_ERROR);
        }
        assertBystanderStillWorks();
    }

    @Test
    void garbageHeaderAfterHelloClosesOnlyThatConnection() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.send(hello(offender.serial()));
            assertThat(client.receive(WAIT).hasWelcome()).isTrue();
            // A frame of 12 bytes whose header is not protobuf.
            client.sendRaw(ByteBuffer.allocate(16).putInt(12).putShort((short) 10)
                    .put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).array());

            assertClosedWith(client, Goodbye.Reason.REASON_PROTOCOL_ERROR);
        }
        // The client may see the close a moment before the server has forgotten the session.
        assertThat(TestCloud.await(WAIT, () -> !cloud.server().presence().isOnline(offender.serial()))).isTrue();
        assertBystanderStillWorks();
    }

    @Test
    void firstFrameThatIsNotHelloIsRefused() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(1)).build());

            assertClosedWith(client, Goodbye.Reason.REASON_PROTOCOL_ERROR);
        }
        assertBystanderStillWorks();
    }

    @Test
    void floodingCameraIsDisconnected() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.send(hello(offender.serial()));
            assertThat(client.receive(WAIT).hasWelcome()).isTrue();
            try {
                for (int i = 0; i < 2_000 && client.isOpen(); i++) {
                    client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(i)).build());
                }
            } catch (IOException closedWhileFlooding) {
                // the gateway hung up mid-flood, as it should; its Goodbye is already in the inbox
            }

            assertClosedWith(client, Goodbye.Reason.REASON_RATE_LIMITED);
        }
        assertBystanderStillWorks();
    }

    @Test
    void unknownMessageFromANewerCameraIsSkipped() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.send(hello(offender.serial()));
            assertThat(client.receive(WAIT).hasWelcome()).isTrue();
            Envelope fromTheFuture = Envelope.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(200, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("thermal-image")).build())
                    .build()).build();
            client.sendFrame(Frame.withPayload(fromTheFuture, Unpooled.wrappedBuffer(new byte[1000])));
            client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(7)).build());

            Envelope answer = client.receive(WAIT);
            assertThat(answer.hasHeartbeatAck()).isTrue();
            assertThat(answer.getHeartbeatAck().getSequence()).isEqualTo(7);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void cameraThatStopsHeartbeatingGoesOfflineWithinAFewIntervals() throws Exception {
        try (GatewayClient client = connectOffender()) {
            client.send(hello(offender.serial()));
            assertThat(client.receive(WAIT).hasWelcome()).isTrue();
            assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(offender.serial()))).isTrue();
            long silentSince = System.nanoTime();

            // Say nothing more, as a camera whose network vanished without a FIN.
            assertThat(TestCloud.await(WAIT, () -> !cloud.server().presence().isOnline(offender.serial()))).isTrue();
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
            // Three missed 200 ms heartbeats; generous upper bound, this is a behaviour check, not a benchmark.
            assertThat(silentMillis).isLessThan(WAIT.toMillis());
            assertThat(TestCloud.await(WAIT, () -> !client.isOpen())).isTrue();
        }
        assertThat(TestCloud.await(WAIT, () -> cloud.server().devices().findBySerial(offender.serial()).orElseThrow()
                .lastSeenAt() != null)).as("last seen recorded when the camera went offline").isTrue();
    }

    private GatewayClient connectOffender() throws IOException {
        return GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity(offender.flash())), WAIT);
    }

    private static void assertClosedWith(GatewayClient client, Goodbye.Reason reason) throws IOException {
        Envelope last = null;
        try {
            while (true) {
                Envelope e = client.receive(WAIT);
                if (e.hasGoodbye()) {
                    last = e;
                }
            }
        } catch (IOException closed) {
            assertThat(closed).hasMessageContaining("closed");
        }
        assertThat(last).as("Goodbye before the close").isNotNull();
        assertThat(last.getGoodbye().getReason()).isEqualTo(reason);
    }

    private void assertBystanderStillWorks() throws Exception {
        assertThat(cloud.server().presence().isOnline(bystander.serial())).isTrue();
        CommandAck ack = cloud.server().presence().get(bystander.serial()).orElseThrow()
                .send(Command.newBuilder().setId(1).setPing(Ping.getDefaultInstance()).build(), Duration.ofSeconds(5))
                .get(5, TimeUnit.SECONDS);
        assertThat(ack.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
    }
}
