package camcloud.protocol;

import camcloud.protocol.v1.ApplySettings;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.ProvisionChallenge;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid frames for the fuzz tests (random field values, every golden kind) and raw framing helpers. */
final class SampleFrames {

    /** A frame to be sent: its header and payload bytes. */
    record Sample(Envelope header, byte[] payload) {

        byte[] encode() {
            return new GoldenVectors.Vector("sample", header, payload).encode();
        }

        @Override
        public String toString() {
            return header.getBodyCase() + " + " + payload.length + " B";
        }
    }

    static Arbitrary<Sample> samples() {
        Arbitrary<byte[]> payloads = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new byte[0])),
                net.jqwik.api.Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
        return Combinators.combine(headers(), payloads).as(Sample::new);
    }

    static Arbitrary<Envelope> headers() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff').ofMaxLength(40); // no lone surrogates
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<Envelope> hello = Combinators.combine(text, text, longs, Arbitraries.integers().between(0, 0xFFFF))
                .as((serial, firmware, bootId, version) -> Envelope.newBuilder().setHello(Hello.newBuilder()
                        .setProtocolVersion(version).setSerial(serial).setModel("cc-dome-1")
                        .setFirmwareVersion(firmware).addCapabilities("h264").setBootId(bootId)).build());
        Arbitrary<Envelope> heartbeat = Combinators.combine(longs, longs, longs)
                .as((seq, time, uptime) -> Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setSequence(seq).setCameraTimeMs(time).setUptimeMs(uptime)).build());
        Arbitrary<Envelope> settings = Combinators.combine(longs, Arbitraries.maps(text, text).ofMaxSize(5))
                .as((id, map) -> Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(id).setApplySettings(ApplySettings.newBuilder().putAllSettings(map))).build());
        Arbitrary<Envelope> ack = Combinators.combine(longs, Arbitraries.of(CommandAck.Result.class)
                        .filter(r -> r != CommandAck.Result.UNRECOGNIZED), text)
                .as((id, result, message) -> Envelope.newBuilder().setCommandAck(CommandAck.newBuilder()
                        .setId(id).setResult(result).setMessage(message)).build());
        Arbitrary<Envelope> challenge = Arbitraries.bytes().array(byte[].class).ofMaxSize(600)
                .map(ca -> Envelope.newBuilder().setProvisionChallenge(ProvisionChallenge.newBuilder()
                        .setServerNonce(ByteString.copyFrom(new byte[16])).setPlatformCa(ByteString.copyFrom(ca))
                        .setServerProof(ByteString.copyFrom(new byte[32]))).build());
        Arbitrary<Envelope> goodbye = Arbitraries.of(Goodbye.Reason.class)
                .filter(r -> r != Goodbye.Reason.UNRECOGNIZED)
                .map(r -> Envelope.newBuilder().setGoodbye(Goodbye.newBuilder().setReason(r).setDetail("bye")).build());
        Arbitrary<Envelope> golden = Arbitraries.of(GoldenVectors.all()).map(GoldenVectors.Vector::header);
        return Arbitraries.oneOf(hello, heartbeat, settings, ack, challenge, goodbye, golden);
    }

    /** {@code frame_length | header_length | header | payload} from raw parts, for hand-built frames. */
    static byte[] frame(byte[] header, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(6 + header.length + payload.length);
        out.putInt(2 + header.length + payload.length).putShort((short) header.length).put(header).put(payload);
        return out.array();
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private SampleFrames() {
    }
}
