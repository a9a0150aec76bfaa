package camcloud.media.mp4;

import camcloud.media.fmp4.SampleRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Which samples of a run of segments an export of the timeline range {@code [from, to)} holds, cut
 * to the frame: from the keyframe at or before {@code from} (the pre-roll a decoder needs, hidden by
 * the export's edit list) to the last frame that starts before {@code to}, whose duration is cut to
 * end at {@code to}. Segments are given one at a time, in time order, each with its place on the
 * timeline; holes between them are noted as {@link Mp4Export.Gap}s (the export closes them up).
 *
 * <p>Times are ticks of the track timescale on the caller's timeline (for recordings: the camera's
 * decode timeline, cloud time in 90 kHz ticks). Not thread-safe.
 */
final class RangeCut {

    /**
     * The samples {@code [first, end)} of one segment, the last lasting {@code lastDuration} ticks.
     * {@code first == end}: the segment holds nothing of the range.
     */
    record Cut(int first, int end, long lastDuration) {

        static final Cut NONE = new Cut(0, 0, 0);

        boolean isEmpty() {
            return first == end;
        }

        /** The duration sample {@code i} gets in the export. */
        long duration(int i, SampleRef sample) {
            return i == end - 1 ? lastDuration : sample.duration();
        }
    }

    private final long from;
    private final long to;
    private final List<Mp4Export.Gap> gaps = new ArrayList<>();
    private boolean started;
    private long preroll;
    private long firstPresented;
    private long end;

    /** @throws IllegalArgumentException when {@code from} is not before {@code to} */
    RangeCut(long from, long to) {
        if (from >= to) {
            throw new IllegalArgumentException("export range must not be empty: from " + from + ", to " + to);
        }
        this.from = from;
        this.to = to;
    }

    /**
     * Cuts the next segment.
     *
     * @param samples        the segment's samples in decode order
     * @param timelineStart  where its first sample sits on the timeline
     * @param gapTolerance   a longer hole after the previous segment is noted as a gap
     * @throws Mp4ExportException when the range starts in a segment with no keyframe before it
     */
    Cut next(List<SampleRef> samples, long timelineStart, long gapTolerance) throws Mp4ExportException {
        if (samples.isEmpty()) {
            return Cut.NONE;
        }
        long origin = samples.get(0).decodeTime();
        int first;
        if (!started) {
            int j = 0;
            while (j < samples.size() && at(samples, j, timelineStart, origin) + samples.get(j).duration() <= from) {
                j++;
            }
            if (j == samples.size() || at(samples, j, timelineStart, origin) >= to) {
                return Cut.NONE; // entirely before or after the range
            }
            first = j;
            while (first >= 0 && !samples.get(first).keyframe()) {
                first--;
            }
            if (first < 0) {
                throw new Mp4ExportException("the range starts in a segment without a keyframe before it");
            }
            long keyframe = at(samples, first, timelineStart, origin);
            preroll = keyframe < from ? from - keyframe : 0;
            firstPresented = keyframe + preroll;
            started = true;
        } else {
            long start = at(samples, 0, timelineStart, origin);
            if (start >= to) {
                return Cut.NONE;
            }
            if (start - end > gapTolerance) {
                gaps.add(new Mp4Export.Gap(end, start));
            }
            first = 0;
        }
        int last = first;
        while (last + 1 < samples.size() && at(samples, last + 1, timelineStart, origin) < to) {
            last++;
        }
        long lastStart = at(samples, last, timelineStart, origin);
        long lastDuration = Math.min(samples.get(last).duration(), to - lastStart);
        end = lastStart + lastDuration;
        return new Cut(first, last + 1, lastDuration);
    }

    /** Some sample was selected. */
    boolean started() {
        return started;
    }

    /** Ticks from the first selected sample (a keyframe) to {@code from}; 0 when it starts after {@code from}. */
    long preroll() {
        return preroll;
    }

    /** Where the first presented frame starts on the timeline: {@code from}, or the first recorded frame after it. */
    long firstPresented() {
        return firstPresented;
    }

    /** Where the last selected frame ends on the timeline. */
    long end() {
        return end;
    }

    List<Mp4Export.Gap> gaps() {
        return List.copyOf(gaps);
    }

    private static long at(List<SampleRef> samples, int i, long timelineStart, long origin) {
        return timelineStart + (samples.get(i).decodeTime() - origin);
    }
}
