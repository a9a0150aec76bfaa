package camcloud.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Hello;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Old camera ⇄ new cloud: bytes from a newer peer, built by hand with {@link CodedOutputStream} as
 * a later schema would write them, must decode with every known field intact and the new parts
 * skipped — never a Malformed frame, never a broken stream.
 */
class CompatibilityTest {

    @Test
    void anUnknownEnvelopeBodyDecodesAsBodyNotSetAndTheNextFrameStillDecodes() throws IOException {
        byte[] futureBody = envelope(out -> out.writeByteArray(200, "a body from a later version".getBytes()));
        byte[] heartbeat = GoldenVectors.all().stream().filter(v -> v.name().equals("heartbeat"))
                .findFirst().orElseThrow().encode();
        ByteBuf in = Unpooled.wrappedBuffer(SampleFrames.concat(List.of(
                SampleFrames.frame(futureBody, new byte[0]), heartbeat)));
        FrameReader reader = new FrameReader(FrameLimits.DEFAULT);

        Frame unknown = decoded(reader.read(in));
        assertThat(unknown.kind()).isEqualTo(Envelope.BodyCase.BODY_NOT_SET);
        assertThat(unknown.header().getUnknownFields().hasField(200)).isTrue();
        unknown.release();

        Frame next = decoded(reader.read(in));
        assertThat(next.kind()).isEqualTo(Envelope.BodyCase.HEARTBEAT);
        assertThat(next.header().getHeartbeat().getSequence()).isEqualTo(7);
        next.release();
        assertThat(in.isReadable()).isFalse();
        in.release();
    }

    /** A future media body (16..31) with a payload: skipped by the session, payload still framed right. */
    @Test
    void anUnknownBodyWithAPayloadKeepsThePayloadAndTheStreamInStep() throws IOException {
        byte[] futureMedia = envelope(out -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            CodedOutputStream inner = CodedOutputStream.newInstance(body);
            inner.writeUInt64(1, 90_000);
            inner.writeBool(2, true);
            inner.flush();
            out.writeByteArray(30, body.toByteArray()); // an unassigned media-range number
        });
        byte[] payload = {0, 0, 0, 1, 0x65, 1, 2, 3};
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
        channel.writeInbound(Unpooled.wrappedBuffer(SampleFrames.concat(List.of(
                SampleFrames.frame(futureMedia, payload),
                GoldenVectors.all().get(0).encode()))));

        Frame media = channel.readInbound();
        assertThat(media.kind()).isEqualTo(Envelope.BodyCase.BODY_NOT_SET);
        assertThat(ByteBufUtil.getBytes(media.payload())).isEqualTo(payload);
        media.release();
        Frame hello = channel.readInbound();
        assertThat(hello.kind()).isEqualTo(Envelope.BodyCase.HELLO);
        hello.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHelloWithAnUnknownFieldKeepsAllKnownFields() throws IOException {
        ByteArrayOutputStream helloBytes = new ByteArrayOutputStream();
        CodedOutputStream hello = CodedOutputStream.newInstance(helloBytes);
        hello.writeUInt32(1, 2);
        hello.writeString(2, "CC1-000042");
        hello.writeString(99, "a field from a later version"); // before the rest: order must not matter
        hello.writeString(3, "cc-dome-1");
        hello.writeString(4, "2.0.0");
        hello.writeString(5, "h264");
        hello.writeString(5, "h265");
        hello.writeUInt64(6, 0x1122334455667788L);
        hello.writeUInt64(7, 93_000);
        hello.writeInt64(8, GoldenVectors.CAMERA_TIME_MS);
        hello.writeFixed64(100, 42); // another unknown field, another wire type
        hello.flush();
        byte[] header = envelope(out -> out.writeByteArray(1, helloBytes.toByteArray()));

        Frame frame = decoded(new FrameReader(FrameLimits.DEFAULT)
                .read(Unpooled.wrappedBuffer(SampleFrames.frame(header, new byte[0]))));
        Hello decoded = frame.header().getHello();
        frame.release();

        assertThat(decoded.getProtocolVersion()).isEqualTo(2);
        assertThat(decoded.getSerial()).isEqualTo("CC1-000042");
        assertThat(decoded.getModel()).isEqualTo("cc-dome-1");
        assertThat(decoded.getFirmwareVersion()).isEqualTo("2.0.0");
        assertThat(decoded.getCapabilitiesList()).containsExactly("h264", "h265");
        assertThat(decoded.getBootId()).isEqualTo(0x1122334455667788L);
        assertThat(decoded.getUptimeMs()).isEqualTo(93_000);
        assertThat(decoded.getCameraTimeMs()).isEqualTo(GoldenVectors.CAMERA_TIME_MS);
        assertThat(decoded.getUnknownFields().asMap()).isNotEmpty().containsKeys(99, 100);
        assertThat(ProtocolVersion.isSupported(decoded.getProtocolVersion())).isTrue();
    }

    @Test
    void anUnknownCommandKindKeepsTheIdSoTheCameraCanAnswerUnsupported() throws IOException {
        ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
        CodedOutputStream command = CodedOutputStream.newInstance(commandBytes);
        command.writeUInt64(1, 77);
        command.writeByteArray(9, new byte[] {0x08, 0x01}); // a command kind from a later version
        command.flush();
        byte[] header = envelope(out -> out.writeByteArray(6, commandBytes.toByteArray()));

        Frame frame = decoded(new FrameReader(FrameLimits.DEFAULT)
                .read(Unpooled.wrappedBuffer(SampleFrames.frame(header, new byte[0]))));
        frame.release();

        assertThat(frame.kind()).isEqualTo(Envelope.BodyCase.COMMAND);
        assertThat(frame.header().getCommand().getId()).isEqualTo(77);
        assertThat(frame.header().getCommand().getKindCase()).isEqualTo(Command.KindCase.KIND_NOT_SET);
    }

    @Test
    void anUnknownEnumValueIsKeptAsItsNumber() throws IOException {
        byte[] header = envelope(out -> out.writeByteArray(8, new byte[] {0x08, 42})); // Goodbye.reason = 42

        Frame frame = decoded(new FrameReader(FrameLimits.DEFAULT)
                .read(Unpooled.wrappedBuffer(SampleFrames.frame(header, new byte[0]))));
        frame.release();

        assertThat(frame.header().getGoodbye().getReason()).isEqualTo(Goodbye.Reason.UNRECOGNIZED);
        assertThat(frame.header().getGoodbye().getReasonValue()).isEqualTo(42);
    }

    /** New cloud ⇄ old camera the other way: fields an old peer never sets read as their defaults. */
    @Test
    void fieldsAnOlderPeerDoesNotSendReadAsDefaults() throws IOException {
        byte[] header = envelope(out -> out.writeByteArray(3, new byte[] {0x08, 0x05})); // heartbeat, sequence only

        Frame frame = decoded(new FrameReader(FrameLimits.DEFAULT)
                .read(Unpooled.wrappedBuffer(SampleFrames.frame(header, new byte[0]))));
        frame.release();

        assertThat(frame.header().getHeartbeat())
                .isEqualTo(Heartbeat.newBuilder().setSequence(5).build());
    }

    private interface Writes {
        void to(CodedOutputStream out) throws IOException;
    }

    private static byte[] envelope(Writes fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.to(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static Frame decoded(FrameReader.Result result) {
        assertThat(result).isInstanceOf(FrameReader.Result.Decoded.class);
        return ((FrameReader.Result.Decoded) result).frame();
    }
}
