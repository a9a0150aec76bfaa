package camcloud.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.SampleFrames.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Drives {@link FrameDecoder} through an {@link EmbeddedChannel}: frames split anywhere come out
 * whole and in order, a broken stream gives one {@link MalformedFrame} and is then discarded without
 * buffering, and every buffer — ours, the cumulation's, the payload slices — is released.
 */
class FrameDecoderTest {

    @Provide
    Arbitrary<List<Sample>> streams() {
        return SampleFrames.samples().list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void framesSplitAtRandomChunkBoundariesComeOutWholeAndInOrder(
            @ForAll("streams") List<Sample> samples,
            @ForAll @IntRange(min = 1, max = 200) int maxChunk,
            @ForAll long seed) {
        byte[] stream = SampleFrames.concat(samples.stream().map(Sample::encode).toList());
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = channel(FrameLimits.DEFAULT, alloc);
        Random random = new Random(seed);
        List<ByteBuf> written = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();

        for (int offset = 0; offset < stream.length; ) {
            int chunk = Math.min(stream.length - offset, 1 + random.nextInt(maxChunk));
            ByteBuf buf = alloc.copyOf(stream, offset, chunk);
            written.add(buf);
            channel.writeInbound(buf);
            offset += chunk;
            for (Object message; (message = channel.readInbound()) != null; ) {
                assertThat(message).isInstanceOf(Frame.class);
                frames.add((Frame) message);
            }
        }

        assertThat(frames).hasSameSizeAs(samples);
        for (int i = 0; i < samples.size(); i++) {
            Frame frame = frames.get(i);
            assertThat(frame.header()).isEqualTo(samples.get(i).header());
            assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(samples.get(i).payload());
            assertThat(frame.release()).as("the reader holds the only reference").isTrue();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
        assertThat(alloc.liveBuffers()).as("buffers left unreleased").isZero();
    }

    @Example
    void aHugeLengthPrefixIsRefusedAtOnceAndLaterBytesAreDiscardedNotBuffered() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = channel(FrameLimits.DEFAULT, alloc);

        channel.writeInbound(alloc.heapBuffer(4).writeInt(0xFFFF_FFFF));
        MalformedFrame malformed = channel.readInbound();
        assertThat(malformed.reason()).contains("exceeds the limit");

        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 256; i++) { // 16 MiB, four times the limit
            ByteBuf buf = alloc.copyOf(chunk, 0, chunk.length);
            channel.writeInbound(buf);
            assertThat(buf.refCnt()).as("chunk %d discarded at once", i).isZero();
            assertThat(alloc.liveBytes()).isZero();
        }
        assertThat((Object) channel.readInbound()).as("one MalformedFrame, nothing after").isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Example
    void aFrameAtTheLimitIsBufferedNoMoreThanItsSize() {
        FrameLimits limits = new FrameLimits(64 * 1024);
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = channel(limits, alloc);
        byte[] frame = new GoldenVectors.Vector("big", GoldenVectors.all().get(0).header(),
                new byte[limits.maxFrameBytes() - 2 - GoldenVectors.all().get(0).header().getSerializedSize()])
                .encode();
        long mostHeld = 0;
        for (int offset = 0; offset < frame.length; offset += 1000) {
            channel.writeInbound(alloc.copyOf(frame, offset, Math.min(1000, frame.length - offset)));
            mostHeld = Math.max(mostHeld, alloc.liveBytes());
        }
        Frame decoded = channel.readInbound();
        assertThat(decoded.payload().readableBytes()).isEqualTo(frame.length - 6 - decoded.header().getSerializedSize());
        decoded.release();
        // The cumulation grows by doubling, so at most twice the frame is held while it arrives.
        assertThat(mostHeld).isLessThanOrEqualTo(2L * (4 + limits.maxFrameBytes()));
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();

        EmbeddedChannel over = channel(limits, alloc);
        over.writeInbound(alloc.heapBuffer(4).writeInt(limits.maxFrameBytes() + 1));
        assertThat((Object) over.readInbound()).isInstanceOf(MalformedFrame.class);
        assertThat(over.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Example
    void widenedLimitsApplyFromTheNextFrameAndAStrangersBigPrefixIsRefusedBeforeThat() {
        TrackingAllocator alloc = new TrackingAllocator();
        byte[] big = new GoldenVectors.Vector("big", GoldenVectors.all().get(0).header(), new byte[64 * 1024]).encode();

        EmbeddedChannel stranger = channel(FrameLimits.UNAUTHENTICATED, alloc);
        stranger.writeInbound(alloc.copyOf(big, 0, 4));
        assertThat(((MalformedFrame) stranger.readInbound()).reason()).contains("exceeds the limit of 16384 bytes");
        assertThat(stranger.finishAndReleaseAll()).isFalse();

        EmbeddedChannel camera = channel(FrameLimits.UNAUTHENTICATED, alloc);
        byte[] hello = GoldenVectors.all().get(0).encode();
        camera.writeInbound(alloc.copyOf(hello, 0, hello.length));
        ((Frame) camera.readInbound()).release();
        camera.pipeline().get(FrameDecoder.class).limits(FrameLimits.DEFAULT);
        camera.writeInbound(alloc.copyOf(big, 0, big.length));
        Frame decoded = camera.readInbound();
        assertThat(decoded.payload().readableBytes()).isEqualTo(64 * 1024);
        decoded.release();
        assertThat(camera.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Property(tries = 300)
    void framesBeforeGarbageArriveThenOneMalformedFrameThenNothing(
            @ForAll("streams") List<Sample> before,
            @ForAll @Size(min = 6, max = 100) byte[] garbage,
            @ForAll("streams") List<Sample> after) {
        garbage[0] = (byte) 0x80; // a length prefix over any limit: the stream is certainly broken here
        byte[] stream = SampleFrames.concat(List.of(
                SampleFrames.concat(before.stream().map(Sample::encode).toList()),
                garbage,
                SampleFrames.concat(after.stream().map(Sample::encode).toList())));
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = channel(FrameLimits.DEFAULT, alloc);
        for (int offset = 0; offset < stream.length; offset += 97) {
            channel.writeInbound(alloc.copyOf(stream, offset, Math.min(97, stream.length - offset)));
        }

        for (Sample sample : before) {
            Frame frame = channel.readInbound();
            assertThat(frame.header()).isEqualTo(sample.header());
            frame.release();
        }
        assertThat((Object) channel.readInbound()).isInstanceOf(MalformedFrame.class);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(alloc.liveBuffers()).isZero();
    }

    @Property(tries = 1000)
    void garbageThroughTheDecoderNeverThrowsAndLeaksNothing(
            @ForAll @Size(max = 1024) byte[] garbage,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = channel(new FrameLimits(4096), alloc);
        for (int offset = 0; offset < garbage.length; offset += chunk) {
            channel.writeInbound(alloc.copyOf(garbage, offset, Math.min(chunk, garbage.length - offset)));
        }
        int malformed = 0;
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (message instanceof MalformedFrame) {
                malformed++;
            } else {
                assertThat(malformed).as("no frame after a MalformedFrame").isZero();
                ((Frame) message).release();
            }
        }
        assertThat(malformed).isLessThanOrEqualTo(1);
        channel.finishAndReleaseAll();
        assertThat(alloc.liveBuffers()).isZero();
    }

    static EmbeddedChannel channel(FrameLimits limits, TrackingAllocator alloc) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(limits));
        channel.config().setAllocator(alloc);
        return channel;
    }
}
