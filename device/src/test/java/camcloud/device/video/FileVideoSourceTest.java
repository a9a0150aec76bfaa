package camcloud.device.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.media.fmp4.SampleClock;
import camcloud.media.fmp4.SegmentWriter;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.h264.AnnexB;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.mp4.Mp4Export;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVideoSourceTest {

    @TempDir
    Path dir;

    /** JCodec-encoded frames, an IDR (with SPS/PPS) every {@code keyInterval}. */
    private static List<byte[]> encode(int width, int height, int frames, int keyInterval) {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        encoder.setKeyInterval(keyInterval);
        Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
        List<byte[]> result = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] y = picture.getPlaneData(0);
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) ((i % width + f * 5) % 200 - 100);
            }
            ByteBuffer out = ByteBuffer.allocate(width * height * 3);
            VideoEncoder.EncodedFrame encoded = encoder.encodeFrame(picture, out);
            ByteBuffer data = encoded.getData();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            result.add(bytes);
        }
        return result;
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void playsAnElementaryStreamInALoopStartingOnItsFirstKeyframe() throws Exception {
        List<byte[]> encoded = encode(160, 96, 12, 5);
        // start mid-GOP: the two frames before the second IDR must be dropped
        Path file = dir.resolve("clip.h264");
        Files.write(file, concat(encoded.subList(3, 12)));
        try (FileVideoSource source = new FileVideoSource(FileVideoSource.Clip.load(file, 200))) {
            VideoFormat format = source.format();
            assertThat(format.width()).isEqualTo(160);
            assertThat(format.height()).isEqualTo(96);
            assertThat(format.fps()).isEqualTo(200); // JCodec writes no VUI timing: the default applies
            assertThat(format.sps()[0] & 0x1f).isEqualTo(NalUnitType.SPS);
            assertThat(format.pps()[0] & 0x1f).isEqualTo(NalUnitType.PPS);
            assertThat(source.clip().frames()).hasSize(7); // frames 5..11

            List<VideoFrame> frames = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                frames.add(source.next());
            }
            List<Boolean> keys = frames.stream().map(VideoFrame::keyframe).toList();
            assertThat(keys).containsExactly(true, false, false, false, false, true, false,
                    true, false, false, false, false, true, false, true);
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).captureMicros()).isGreaterThan(frames.get(i - 1).captureMicros());
            }
            for (VideoFrame frame : frames) {
                assertThat(frame.annexB()).startsWith(0, 0, 0, 1);
                List<Integer> types = AnnexB.split(frame.annexB()).stream().map(NalUnit::type).toList();
                if (frame.keyframe()) {
                    assertThat(types).contains(NalUnitType.SPS, NalUnitType.PPS, NalUnitType.IDR_SLICE);
                }
            }
            // the looped output is a valid stream: one picture per frame, IDRs where flagged
            List<AccessUnit> units = AccessUnitAssembler.assemble(concat(frames.stream().map(VideoFrame::annexB).toList()));
            assertThat(units).extracting(AccessUnit::keyframe).containsExactlyElementsOf(keys);
        }
    }

    @Test
    void playsAnMp4AtItsSampleRateWithParameterSetsOnKeyframes() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(concat(encode(128, 80, 10, 5)));
        Path file = dir.resolve("clip.mp4");
        writeMp4(units, 50, file);
        FileVideoSource.Clip clip = FileVideoSource.Clip.load(file, 25);
        assertThat(clip.format().fps()).isEqualTo(50);
        assertThat(clip.format().width()).isEqualTo(128);
        assertThat(clip.frames()).hasSize(10);
        assertThat(clip.frames()).extracting(FileVideoSource.Clip.Frame::durationNanos).containsOnly(20_000_000L);
        try (FileVideoSource source = new FileVideoSource(clip)) {
            for (int i = 0; i < 12; i++) {
                VideoFrame frame = source.next();
                assertThat(frame.keyframe()).isEqualTo(i % 5 == 0);
                if (frame.keyframe()) {
                    assertThat(AnnexB.split(frame.annexB())).extracting(NalUnit::type)
                            .contains(NalUnitType.SPS, NalUnitType.PPS);
                }
                assertThat(AccessUnit.fromAnnexB(frame.annexB()).keyframe()).isEqualTo(frame.keyframe());
            }
        }
    }

    @Test
    void unreadableFilesAreClearIoErrors() throws Exception {
        Path garbage = dir.resolve("garbage.h264");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> FileVideoSource.open(garbage))
                .isInstanceOf(IOException.class).hasMessageContaining("no playable H.264");
        Path noSps = dir.resolve("nosps.h264");
        byte[] frame = encode(64, 64, 1, 1).get(0);
        List<NalUnit> slicesOnly = AnnexB.split(frame).stream().filter(NalUnit::isVcl).toList();
        Files.write(noSps, AnnexB.join(slicesOnly));
        assertThatThrownBy(() -> FileVideoSource.open(noSps))
                .isInstanceOf(IOException.class).hasMessageContaining("has no SPS");
        Path badMp4 = dir.resolve("bad.mp4");
        Files.write(badMp4, new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e', 0, 0});
        assertThatThrownBy(() -> FileVideoSource.open(badMp4)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> FileVideoSource.open(dir.resolve("missing.h264"))).isInstanceOf(IOException.class);
    }

    @Test
    void closedSourceRefusesFrames() throws Exception {
        Path file = dir.resolve("one.264");
        Files.write(file, encode(64, 64, 1, 1).get(0));
        FileVideoSource source = FileVideoSource.open(file);
        source.close();
        assertThatThrownBy(source::next).isInstanceOf(IllegalStateException.class);
    }

    /** A progressive MP4 at {@code fps}, through the media module's recorder and export. */
    private static void writeMp4(List<AccessUnit> units, int fps, Path file) throws Exception {
        AccessUnitAssembler assembler = new AccessUnitAssembler();
        for (NalUnit nal : units.get(0).nalUnits()) {
            assembler.add(nal);
        }
        VideoTrack track = VideoTrack.of(assembler.parameterSets());
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        SegmentWriter writer = new SegmentWriter(track, 0, camcloud.media.fmp4.FragmentOutput.of(segment), SampleClock.standard(), 1, true);
        long frameMicros = 1_000_000L / fps;
        for (int i = 0; i < units.size(); i++) {
            writer.add(units.get(i), i * frameMicros, 0);
        }
        writer.finish(units.size() * frameMicros);
        Mp4Export export = new Mp4Export();
        export.scan(segment.toByteArray());
        try (OutputStream out = Files.newOutputStream(file)) {
            export.writeHeader(out);
            export.writeMedia(segment.toByteArray(), out);
        }
        export.finish();
    }
}
