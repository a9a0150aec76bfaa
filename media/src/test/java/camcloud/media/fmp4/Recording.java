package camcloud.media.fmp4;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.h264.MalformedH264Exception;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** Test helper: records access units into segment bytes the way the cloud's recorder does. */
public final class Recording {

    private Recording() {
    }

    /** A track for the first parameter sets found in {@code units}. */
    public static VideoTrack track(List<AccessUnit> units) throws MalformedH264Exception {
        AccessUnitAssembler assembler = new AccessUnitAssembler();
        for (var nal : units.get(0).nalUnits()) {
            assembler.add(nal);
        }
        return VideoTrack.of(assembler.parameterSets());
    }

    /**
     * One segment of {@code units} at {@code fps} starting at {@code startMicros} (capture clock
     * and tfdt both derived from it).
     */
    public static byte[] segment(VideoTrack track, List<AccessUnit> units, int fps, long startMicros,
                                 int samplesPerFragment, boolean withInit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long frameMicros = 1_000_000L / fps;
        SegmentWriter writer = new SegmentWriter(track, startMicros * 9 / 100, FragmentOutput.of(out),
                new SampleClock(VideoTrack.TIMESCALE, frameMicros, SampleClock.DEFAULT_MAX_SAMPLE_MICROS),
                samplesPerFragment, withInit);
        for (int i = 0; i < units.size(); i++) {
            long capture = startMicros + i * frameMicros;
            writer.add(units.get(i), capture, 1_700_000_000_000L + capture / 1000);
        }
        writer.finish(startMicros + units.size() * frameMicros);
        return out.toByteArray();
    }
}
