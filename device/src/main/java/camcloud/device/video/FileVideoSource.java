package camcloud.device.video;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.h264.ParameterSets;
import camcloud.media.h264.SequenceParameterSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Packet;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;

/**
 * A virtual camera that plays real footage from a file ({@code --source file:PATH}): an H.264
 * Annex B elementary stream ({@code .h264}, {@code .264}) or an MP4 with an H.264 track. The clip
 * loops forever at the file's own pace and every frame gets fresh capture timestamps, so the cloud
 * sees a live camera.
 *
 * <ul>
 *   <li><b>Frame rate</b>: MP4 sample durations; for an elementary stream the SPS VUI timing, else
 *       the constructor's default (25 fps).</li>
 *   <li><b>Loop seam</b>: the clip starts at its first IDR picture (frames before it are dropped),
 *       so going back to the start hands the decoder an IDR and no picture references across the
 *       seam.</li>
 *   <li><b>Frames</b>: Annex B access units with 4-byte start codes; every IDR access unit carries
 *       the SPS and PPS in front of its slices (added when the file keeps them out of band, as MP4
 *       does), so a viewer can start at any keyframe.</li>
 *   <li><b>Timestamps</b>: {@code captureMicros} is {@link System#nanoTime()} in microseconds when
 *       the frame became due, strictly increasing; {@code wallClockMillis} is
 *       {@link System#currentTimeMillis()}.</li>
 * </ul>
 *
 * <p>Like a camera, this source has no presentation timestamps: frames come in decode order. A file
 * with B-frames still decodes everywhere, but players that order pictures by timestamp show them
 * out of order; use footage encoded without B-frames ({@code ffmpeg ... -bf 0}), as cameras send.
 *
 * <p>The clip is read into memory once ({@link Clip#load}); cameras of a fleet playing the same file
 * can share one {@link Clip}.
 *
 * <pre>{@code
 * try (VideoSource camera = FileVideoSource.open(Path.of("lobby.mp4"))) {
 *     while (running) ring.append(camera.next());
 * }
 * }</pre>
 * Not thread-safe: one thread calls {@link #next()}.
 */
public final class FileVideoSource implements VideoSource {

    /** The frame rate of an elementary stream that does not state one. */
    public static final int DEFAULT_FPS = 25;

    private final Clip clip;
    /** Frames are due at the footage's own pace (each its own duration); a capture time is when its frame was due. */
    private final FramePacer pacer;
    private int index;
    private long lastCaptureMicros = Long.MIN_VALUE;
    private volatile boolean closed;

    /** Plays {@code clip} from its start. */
    public FileVideoSource(Clip clip) {
        this.clip = clip;
        this.pacer = new FramePacer(clip.format().fps());
    }

    /** Loads {@code file} (default frame rate {@value #DEFAULT_FPS}) and plays it. */
    public static FileVideoSource open(Path file) throws IOException {
        return new FileVideoSource(Clip.load(file, DEFAULT_FPS));
    }

    @Override
    public VideoFormat format() {
        return clip.format();
    }

    @Override
    public VideoFrame next() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("file source is closed");
        }
        Clip.Frame frame = clip.frames().get(index);
        long due = pacer.awaitNext(frame.durationNanos());
        long captureMicros = Math.max(TimeUnit.NANOSECONDS.toMicros(due), lastCaptureMicros + 1);
        lastCaptureMicros = captureMicros;
        index = (index + 1) % clip.frames().size();
        return new VideoFrame(frame.annexB(), frame.keyframe(), captureMicros, System.currentTimeMillis());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The clip being played. */
    public Clip clip() {
        return clip;
    }

    /**
     * A file's footage ready to replay: access units from the first IDR on, each with its duration.
     *
     * @param format the stream's size, nominal frame rate and parameter sets
     * @param frames the access units in decode order, the first one an IDR
     */
    public record Clip(VideoFormat format, List<Frame> frames) {

        /** Frames shorter or longer than this are taken as damaged timing and given the nominal duration. */
        private static final long MIN_FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
        private static final long MAX_FRAME_NANOS = TimeUnit.SECONDS.toNanos(5);

        public Clip {
            frames = List.copyOf(frames);
            if (frames.isEmpty() || !frames.get(0).keyframe()) {
                throw new IllegalArgumentException("a clip needs frames starting with a keyframe");
            }
        }

        /**
         * One access unit of the clip.
         *
         * @param annexB        Annex B bytes, SPS and PPS included on keyframes
         * @param keyframe      an IDR picture
         * @param durationNanos how long it is shown before the next one
         */
        public record Frame(byte[] annexB, boolean keyframe, long durationNanos) {
        }

        /**
         * Reads an MP4 ({@code .mp4}, {@code .m4v}, {@code .mov}) or an Annex B elementary stream
         * (anything else).
         *
         * @param defaultFps the frame rate of an elementary stream without VUI timing
         * @throws IOException when the file cannot be read or holds no playable H.264, with the reason
         */
        public static Clip load(Path file, int defaultFps) throws IOException {
            if (defaultFps < 1 || defaultFps > 240) {
                throw new IllegalArgumentException("defaultFps must be in 1..240, was " + defaultFps);
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            try {
                if (name.endsWith(".mp4") || name.endsWith(".m4v") || name.endsWith(".mov")) {
                    return fromMp4(file, defaultFps);
                }
                return fromAnnexB(Files.readAllBytes(file), defaultFps);
            } catch (MalformedH264Exception e) {
                throw new IOException(file + " holds no playable H.264: " + e.getMessage(), e);
            }
        }

        /** A clip from the bytes of an Annex B elementary stream. */
        public static Clip fromAnnexB(byte[] stream, int defaultFps) throws MalformedH264Exception {
            AccessUnitAssembler assembler = new AccessUnitAssembler();
            List<AccessUnit> units = new ArrayList<>();
            for (NalUnit nal : AnnexB.split(stream)) {
                try {
                    units.addAll(assembler.add(nal));
                } catch (MalformedH264Exception e) {
                    if (assembler.parameterSets().latestPps().isPresent()) {
                        throw e;
                    }
                    // a file cut mid-GOP starts with slices whose parameter sets come later: skip them
                }
            }
            assembler.flush().ifPresent(units::add);
            ParameterSets sets = assembler.parameterSets();
            SequenceParameterSet sps = sets.latestSps()
                    .orElseThrow(() -> new MalformedH264Exception("the stream has no SPS"));
            double fps = sps.frameRate().orElse((double) defaultFps);
            long frameNanos = Math.round(1e9 / fps);
            List<Long> durations = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                durations.add(frameNanos);
            }
            return build(units, durations, sets, fps);
        }

        private static Clip fromMp4(Path file, int defaultFps) throws IOException, MalformedH264Exception {
            try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
                MP4Demuxer demuxer;
                try {
                    demuxer = MP4Demuxer.createMP4Demuxer(channel);
                } catch (RuntimeException e) {
                    throw new IOException(file + " is not a readable MP4: " + e, e);
                }
                if (demuxer.getVideoTracks().isEmpty()) {
                    throw new IOException(file + " has no video track");
                }
                DemuxerTrack track = demuxer.getVideoTracks().get(0);
                ParameterSets sets = new ParameterSets();
                ByteBuffer codecPrivate = track.getMeta().getCodecPrivate();
                if (codecPrivate == null) {
                    throw new IOException(file + ": the video track is not H.264 (no avcC)");
                }
                for (NalUnit nal : AnnexB.split(bytes(codecPrivate))) {
                    sets.accept(nal);
                }
                List<AccessUnit> units = new ArrayList<>();
                List<Long> durations = new ArrayList<>();
                long fallbackNanos = TimeUnit.SECONDS.toNanos(1) / defaultFps;
                Packet packet;
                while ((packet = track.nextFrame()) != null) {
                    AccessUnit unit = AccessUnit.fromAnnexB(bytes(packet.getData()));
                    for (NalUnit nal : unit.nalUnits()) {
                        sets.accept(nal);
                    }
                    units.add(unit);
                    long nanos = packet.getTimescale() > 0
                            ? Math.round(packet.getDuration() * 1e9 / packet.getTimescale()) : fallbackNanos;
                    durations.add(nanos);
                }
                double fps = units.isEmpty() ? defaultFps : averageFps(durations, fallbackNanos);
                return build(units, durations, sets, fps);
            } catch (RuntimeException e) {
                // JCodec reports broken boxes with runtime exceptions; a bad file is an I/O problem here
                throw new IOException(file + " could not be demuxed: " + e, e);
            }
        }

        private static Clip build(List<AccessUnit> units, List<Long> durations, ParameterSets sets, double fps)
                throws MalformedH264Exception {
            NalUnit sps = sets.latestSps().map(SequenceParameterSet::nal)
                    .orElseThrow(() -> new MalformedH264Exception("the stream has no SPS"));
            NalUnit pps = sets.latestPps().map(p -> p.nal())
                    .orElseThrow(() -> new MalformedH264Exception("the stream has no PPS"));
            SequenceParameterSet parsed = sets.latestSps().get();
            long nominalNanos = Math.round(1e9 / fps);
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                AccessUnit unit = units.get(i);
                if (frames.isEmpty() && !unit.keyframe()) {
                    continue; // the loop must start on an IDR
                }
                long nanos = durations.get(i);
                if (nanos < MIN_FRAME_NANOS || nanos > MAX_FRAME_NANOS) {
                    nanos = nominalNanos;
                }
                frames.add(new Frame(annexB(unit, sps, pps), unit.keyframe(), nanos));
            }
            if (frames.isEmpty()) {
                throw new MalformedH264Exception("the stream has no IDR picture to start from");
            }
            VideoFormat format = new VideoFormat(parsed.width(), parsed.height(), (int) Math.max(1, Math.round(fps)),
                    sps.bytes().clone(), pps.bytes().clone());
            return new Clip(format, frames);
        }

        /** The unit's Annex B bytes; an IDR unit without in-band SPS/PPS gets them before its first slice. */
        private static byte[] annexB(AccessUnit unit, NalUnit sps, NalUnit pps) {
            if (!unit.keyframe() || unit.nalUnits().stream().anyMatch(n -> n.type() == NalUnitType.SPS)) {
                return unit.toAnnexB();
            }
            List<NalUnit> withParameterSets = new ArrayList<>();
            boolean inserted = false;
            for (NalUnit nal : unit.nalUnits()) {
                if (!inserted && nal.type() != NalUnitType.AUD) {
                    withParameterSets.add(sps);
                    withParameterSets.add(pps);
                    inserted = true;
                }
                withParameterSets.add(nal);
            }
            return AnnexB.join(withParameterSets);
        }

        private static double averageFps(List<Long> durations, long fallbackNanos) {
            long total = 0;
            for (long d : durations) {
                total += d >= MIN_FRAME_NANOS && d <= MAX_FRAME_NANOS ? d : fallbackNanos;
            }
            return durations.size() * 1e9 / total;
        }

        private static byte[] bytes(ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
    }
}
