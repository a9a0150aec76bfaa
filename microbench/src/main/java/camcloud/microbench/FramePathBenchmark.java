package camcloud.microbench;

import camcloud.media.fmp4.FragmentWriter;
import camcloud.media.fmp4.LiveTimeline;
import camcloud.media.fmp4.ProducerReferenceTime;
import camcloud.media.fmp4.Sample;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one frame costs a node that records it and shows it live, from the unit ingest received (a
 * direct buffer, as TLS leaves it) to the bytes handed to the file and to the viewers' sockets:
 * <ul>
 *   <li>{@code oldPath}: the frame path before issue 13: ingest's scan, then for the recorder and again
 *       for live: {@code ByteBufUtil.getBytes} → {@code AccessUnit.fromAnnexB} (a copy per NAL unit) →
 *       {@code toAvcc} (the join) → the fragment's box writer and {@code toByteArray}; the recorder's
 *       fragment through a 64 KiB {@code BufferedOutputStream} into the file channel, live's wrapped
 *       as the viewers' read-only buffer;</li>
 *   <li>{@code newPath}: one {@link NalIndex} scan, the recorder's fragment ({@link FragmentWriter}:
 *       headers and length prefixes in a pooled buffer, the frame's bytes as slices) written with one
 *       gathering write, live's fragment ({@link LiveTimeline}) as the viewers' {@code nioBuffers}.</li>
 * </ul>
 * The file is {@code /dev/null}: the kernel's copy into the page cache is the same for both and
 * not what is measured. Run (allocation per frame with {@code -prof gc}):
 * <pre>
 * mvn -B -q -pl microbench -am package -DskipTests
 * java -jar microbench/target/benchmarks.jar FramePath -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FramePathBenchmark {

    private static final int DURATION = 6_000; // 15 fps in 90 kHz ticks

    private List<ByteBuf> frames;
    private int next;
    private long decodeTime;
    private long captureMicros;
    private FileChannel file;
    private OutputStream oldFile;
    private OldFragmentWriter oldRecorder;
    private OldFragmentWriter oldLive;
    private FragmentWriter recorder;
    private LiveTimeline live;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        frames = Frames.load();
        file = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
        oldFile = new BufferedOutputStream(Channels.newOutputStream(file), 64 * 1024);
        oldRecorder = new OldFragmentWriter();
        oldLive = new OldFragmentWriter();
        recorder = new FragmentWriter();
        live = new LiveTimeline();
        live.format(15);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        file.close();
        frames.forEach(ByteBuf::release);
    }

    private ByteBuf nextFrame() {
        ByteBuf frame = frames.get(next);
        next = (next + 1) % frames.size();
        decodeTime += DURATION;
        captureMicros += 66_667;
        return frame;
    }

    @Benchmark
    public ByteBuffer oldPath() throws IOException, MalformedH264Exception {
        ByteBuf payload = nextFrame();
        NalIndex ingest = NalIndex.scan(payload); // the check ingest made (AnnexBScan then)
        if (ingest.error() != null) {
            throw new IllegalStateException(ingest.error());
        }
        ProducerReferenceTime prft = ProducerReferenceTime.ofMillis(captureMicros / 1000, decodeTime);
        AccessUnit forRecorder = AccessUnit.fromAnnexB(ByteBufUtil.getBytes(payload));
        oldFile.write(oldRecorder.write(decodeTime, forRecorder.toAvcc(), DURATION, forRecorder.keyframe(), prft));
        AccessUnit forLive = AccessUnit.fromAnnexB(ByteBufUtil.getBytes(payload));
        byte[] fragment = oldLive.write(decodeTime, forLive.toAvcc(), DURATION, forLive.keyframe(), prft);
        return ByteBuffer.wrap(fragment).asReadOnlyBuffer();
    }

    @Benchmark
    public ByteBuffer[] newPath() throws IOException {
        ByteBuf payload = nextFrame();
        NalIndex index = NalIndex.scan(payload);
        ByteBuf fragment = recorder.write(decodeTime, List.of(new Sample(payload, index, DURATION)),
                ProducerReferenceTime.ofMillis(captureMicros / 1000, decodeTime));
        try {
            ByteBuffer[] parts = fragment.nioBuffers();
            long left = fragment.readableBytes();
            while (left > 0) {
                left -= file.write(parts);
            }
        } finally {
            fragment.release();
        }
        ByteBuf liveFragment = live.fragment(payload, index, captureMicros, captureMicros / 1000);
        try {
            return liveFragment.nioBuffers();
        } finally {
            liveFragment.release();
        }
    }
}
