package camcloud.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.SampleFrames.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.LongRange;

/**
 * Fuzzes {@link FrameReader}, the pure decoder of untrusted camera bytes: whatever the input, the
 * answer is NeedMore, Decoded or Malformed with a reason — never an exception, and a length over the
 * limit is refused from the 4-byte prefix alone, before any of its bytes are buffered.
 */
class FrameReaderFuzzTest {

    private static final FrameLimits SMALL = new FrameLimits(1024);

    @Provide
    Arbitrary<Sample> samples() {
        return SampleFrames.samples();
    }

    @Property(tries = 3000)
    void randomGarbageGivesAResultNeverAnException(@ForAll @Size(max = 2048) byte[] garbage) {
        drain(new FrameReader(SMALL), garbage);
        drain(new FrameReader(FrameLimits.DEFAULT), garbage);
    }

    /** Garbage with a consistent frame length, so the Envelope parser itself gets random bytes. */
    @Property(tries = 3000)
    void garbageHeadersGiveAResultNeverAnException(
            @ForAll @Size(max = 400) byte[] header,
            @ForAll @Size(max = 64) byte[] payload,
            @ForAll @IntRange(min = -3, max = 3) int headerLengthSkew) {
        byte[] frame = SampleFrames.frame(header, payload);
        int headerLength = Math.max(0, header.length + headerLengthSkew);
        frame[4] = (byte) (headerLength >> 8);
        frame[5] = (byte) headerLength;
        drain(new FrameReader(SMALL), frame);
    }

    @Property(tries = 300)
    void aFrameTruncatedAtAnyByteNeedsMore(@ForAll("samples") Sample sample) {
        byte[] frame = sample.encode();
        FrameReader reader = new FrameReader(FrameLimits.DEFAULT);
        for (int cut = 0; cut < frame.length; cut++) {
            ByteBuf in = Unpooled.wrappedBuffer(frame, 0, cut);
            assertThat(reader.read(in)).as("cut at %d of %d", cut, frame.length)
                    .isInstanceOf(FrameReader.Result.NeedMore.class);
            assertThat(in.readerIndex()).isZero();
            in.release();
        }
        ByteBuf whole = Unpooled.wrappedBuffer(frame);
        FrameReader.Result result = reader.read(whole);
        assertThat(result).isInstanceOf(FrameReader.Result.Decoded.class);
        Frame decoded = ((FrameReader.Result.Decoded) result).frame();
        assertThat(decoded.header()).isEqualTo(sample.header());
        assertThat(ByteBufUtil.getBytes(decoded.payload())).isEqualTo(sample.payload());
        decoded.release();
        whole.release();
    }

    @Property(tries = 3000)
    void flippedBytesGiveDecodedOrMalformed(
            @ForAll("samples") Sample sample,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 100_000) Integer> positions,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] frame = sample.encode();
        for (int position : positions) {
            frame[position % frame.length] ^= (byte) mask;
        }
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        FrameReader.Result result = new FrameReader(FrameLimits.DEFAULT).read(in);
        if (result instanceof FrameReader.Result.NeedMore) {
            assertThat(in.getUnsignedInt(0)).as("NeedMore only when the flipped length asks for more bytes")
                    .isGreaterThan(frame.length - 4);
        }
        release(result);
        in.release();
        drain(new FrameReader(FrameLimits.DEFAULT), frame);
    }

    @Example
    void lengthPrefixesOutsideTheLimitsAreRefusedFromThePrefixAlone() {
        long[] prefixes = {0, 1, 0x7FFF_FFFFL, 0xFFFF_FFFFL, 0x8000_0000L, SMALL.maxFrameBytes() + 1};
        for (long prefix : prefixes) {
            ByteBuf in = Unpooled.buffer(4).writeInt((int) prefix);
            FrameReader.Result result = new FrameReader(SMALL).read(in);
            assertThat(result).as("prefix %d", prefix).isInstanceOf(FrameReader.Result.Malformed.class);
            assertThat(((FrameReader.Result.Malformed) result).reason()).contains("frame length " + prefix);
            in.release();
        }
        ByteBuf overDefault = Unpooled.buffer(4).writeInt(FrameLimits.DEFAULT.maxFrameBytes() + 1);
        assertThat(new FrameReader(FrameLimits.DEFAULT).read(overDefault))
                .isInstanceOf(FrameReader.Result.Malformed.class);
        overDefault.release();
    }

    @Property(tries = 500)
    void lengthPrefixesWithinTheLimitWaitForTheirBytes(@ForAll @LongRange(min = 2, max = 1024) long prefix) {
        ByteBuf in = Unpooled.buffer(4).writeInt((int) prefix);
        assertThat(new FrameReader(SMALL).read(in)).isInstanceOf(FrameReader.Result.NeedMore.class);
        in.release();
    }

    @Example
    void fewerThanFourBytesNeedMore() {
        for (int n = 0; n < 4; n++) {
            ByteBuf in = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 0, n);
            assertThat(new FrameReader(SMALL).read(in)).isInstanceOf(FrameReader.Result.NeedMore.class);
        }
    }

    @Example
    void anEmptyHeaderIsMalformed() {
        ByteBuf in = Unpooled.buffer().writeInt(2).writeShort(0);
        assertMalformed(in, "empty header");
    }

    @Property(tries = 500)
    void aHeaderLengthBeyondTheFrameIsMalformed(
            @ForAll @IntRange(min = 1, max = 200) int frameBody,
            @ForAll @IntRange(min = 1, max = 0xFFFF) int headerLength) {
        ByteBuf in = Unpooled.buffer().writeInt(2 + frameBody).writeShort(headerLength).writeZero(frameBody);
        if (headerLength > frameBody) {
            assertMalformed(in, "header length " + headerLength + " exceeds frame length");
        } else {
            release(new FrameReader(SMALL).read(in)); // zero bytes: a valid empty Envelope, or Malformed
            in.release();
        }
    }

    @Example
    void headerBytesThatAreNotAnEnvelopeAreMalformed() {
        byte[][] headers = {
            {0x0A, 0x7F},                      // hello: 127 bytes announced, none there
            {0x08, (byte) 0x80},                // truncated varint
            {0x0C},                            // end-group tag with no group open
            {0x0A, 0x02, 0x08},                // hello of 2 bytes holding a truncated field
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}, // over-long varint tag
            {0x07},                            // wire type 7 does not exist
        };
        for (byte[] header : headers) {
            assertMalformed(Unpooled.wrappedBuffer(SampleFrames.frame(header, new byte[0])), "not a valid Envelope");
        }
    }

    /** Groups nested 60,000 deep: the protobuf recursion limit must stop it, not a StackOverflowError. */
    @Example
    void deeplyNestedGroupsAreMalformedNotAStackOverflow() {
        byte[] knownField = new byte[60_000];
        Arrays.fill(knownField, (byte) 0x0B); // field 1 (hello) with the group wire type
        assertMalformed(Unpooled.wrappedBuffer(SampleFrames.frame(knownField, new byte[0])), "not a valid Envelope");

        ByteBuffer unknownField = ByteBuffer.allocate(60_000);
        while (unknownField.hasRemaining()) {
            unknownField.put((byte) 0xA3).put((byte) 0x06); // field 100, start group
        }
        assertMalformed(Unpooled.wrappedBuffer(SampleFrames.frame(unknownField.array(), new byte[0])),
                "not a valid Envelope");
    }

    private static void assertMalformed(ByteBuf in, String reasonPart) {
        FrameReader.Result result = new FrameReader(FrameLimits.DEFAULT).read(in);
        assertThat(result).isInstanceOf(FrameReader.Result.Malformed.class);
        assertThat(((FrameReader.Result.Malformed) result).reason()).contains(reasonPart);
        in.release();
    }

    /**
     * Reads frames from {@code bytes} until NeedMore or Malformed, as the decoder does, checking that
     * each Decoded frame consumed exactly its declared length and nothing else was consumed.
     */
    static void drain(FrameReader reader, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            while (true) {
                int before = in.readerIndex();
                FrameReader.Result result = reader.read(in);
                if (result instanceof FrameReader.Result.Decoded decoded) {
                    long frameLength = in.getUnsignedInt(before);
                    int headerLength = in.getUnsignedShort(before + 4);
                    assertThat(in.readerIndex() - before).isEqualTo(4 + frameLength);
                    assertThat(decoded.frame().payload().readableBytes()).isEqualTo(frameLength - 2 - headerLength);
                    decoded.frame().release();
                } else {
                    assertThat(in.readerIndex()).as("NeedMore and Malformed consume nothing").isEqualTo(before);
                    if (result instanceof FrameReader.Result.Malformed malformed) {
                        assertThat(malformed.reason()).isNotBlank();
                    }
                    return;
                }
            }
        } finally {
            in.release();
        }
    }

    private static void release(FrameReader.Result result) {
        if (result instanceof FrameReader.Result.Decoded decoded) {
            decoded.frame().release();
        }
    }
}
