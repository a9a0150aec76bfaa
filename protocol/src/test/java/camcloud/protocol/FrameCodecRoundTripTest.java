package camcloud.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.protocol.SampleFrames.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FrameEncoder} → bytes → {@link FrameDecoder}: the same frames come back, the payload goes
 * on the wire unchanged right after the header and without a copy, and each payload is released
 * exactly once.
 */
class FrameCodecRoundTripTest {

    @Provide
    Arbitrary<List<Sample>> streams() {
        return SampleFrames.samples().list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 300)
    void framesSurviveEncoderThenDecoder(@ForAll("streams") List<Sample> samples) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder(FrameLimits.DEFAULT));
        encoder.config().setAllocator(alloc);
        EmbeddedChannel decoder = FrameDecoderTest.channel(FrameLimits.DEFAULT, alloc);

        List<ByteBuf> payloads = new ArrayList<>();
        for (Sample sample : samples) {
            ByteBuf payload = alloc.copyOf(sample.payload(), 0, sample.payload().length);
            payloads.add(payload);
            Frame frame = sample.payload().length == 0 ? Frame.of(sample.header())
                    : Frame.withPayload(sample.header(), payload);
            if (sample.payload().length == 0) {
                payload.release();
            }
            assertThat(encoder.writeOutbound(frame)).isTrue();
            assertThat(frame.refCnt()).as("the encoder consumed the caller's reference").isZero();
        }
        for (ByteBuf wire; (wire = encoder.readOutbound()) != null; ) {
            decoder.writeInbound(wire); // the decoder releases what it reads
        }
        for (Sample sample : samples) {
            Frame frame = decoder.readInbound();
            assertThat(frame.header()).isEqualTo(sample.header());
            assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(sample.payload());
            frame.release();
        }
        assertThat((Object) decoder.readInbound()).isNull();
        assertThat(encoder.finishAndReleaseAll()).isFalse();
        assertThat(decoder.finishAndReleaseAll()).isFalse();
        assertThat(payloads).allSatisfy(p -> assertThat(p.refCnt()).isZero());
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Example
    void thePayloadFollowsTheHeaderOnTheWireUnchangedAndUncopied() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder(FrameLimits.DEFAULT));
        encoder.config().setAllocator(alloc);
        GoldenVectors.Vector golden = GoldenVectors.all().stream()
                .filter(v -> v.name().equals("payload_frame")).findFirst().orElseThrow();
        ByteBuf payload = alloc.copyOf(golden.payload(), 0, golden.payload().length);

        encoder.writeOutbound(Frame.withPayload(golden.header(), payload));
        ByteBuf prefix = encoder.readOutbound();
        ByteBuf body = encoder.readOutbound();
        assertThat((Object) encoder.readOutbound()).isNull();

        assertThat(payload.refCnt()).as("frame released, payload held once by the outbound write").isEqualTo(1);
        assertThat(body.array()).as("the payload's own memory goes out, not a copy").isSameAs(payload.array());
        byte[] wire = new byte[prefix.readableBytes() + body.readableBytes()];
        prefix.getBytes(prefix.readerIndex(), wire, 0, prefix.readableBytes());
        body.getBytes(body.readerIndex(), wire, prefix.readableBytes(), body.readableBytes());
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(ByteBufUtil.hexDump(golden.encode()));

        prefix.release();
        body.release();
        assertThat(payload.refCnt()).as("released exactly once, by the write").isZero();
        assertThat(encoder.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Example
    void aControlFrameIsOneBufferWithNoPayload() {
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder(FrameLimits.DEFAULT));
        GoldenVectors.Vector hello = GoldenVectors.all().get(0);
        encoder.writeOutbound(Frame.of(hello.header()));
        ByteBuf wire = encoder.readOutbound();
        assertThat(ByteBufUtil.getBytes(wire)).isEqualTo(hello.encode());
        wire.release();
        assertThat(encoder.finishAndReleaseAll()).isFalse();
    }

    @Example
    void aFrameOverTheLimitFailsTheWriteAndIsStillReleased() {
        FrameLimits limits = new FrameLimits(1024);
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder(limits));
        encoder.config().setAllocator(alloc);
        ByteBuf payload = alloc.heapBuffer(2048).writeZero(2048);
        Frame frame = Frame.withPayload(GoldenVectors.all().get(0).header(), payload);

        assertThatThrownBy(() -> encoder.writeOutbound(frame))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("exceeds the limit");
        assertThat(frame.refCnt()).isZero();
        assertThat(payload.refCnt()).isZero();
        assertThat(encoder.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }
}
