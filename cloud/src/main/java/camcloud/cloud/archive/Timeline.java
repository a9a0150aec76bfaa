package camcloud.cloud.archive;

import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.Segment;
import camcloud.media.hls.PlaylistWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a camera recorded on one calendar day in a time zone: the recorded ranges (segments of one
 * kind — continuous video or event clips — that follow each other within
 * {@link PlaylistWriter#DEFAULT_GAP_TOLERANCE} merged into one) and the recorded gaps with their
 * reasons ({@code idle}: a camera that records events only had none then). Both are clipped to the day.
 *
 * @param from   start of the day in the zone
 * @param to     start of the next day (23, 24 or 25 hours later)
 * @param ranges recorded video, in time order
 * @param gaps   missing video the recorder knows of, in time order
 */
public record Timeline(Instant from, Instant to, List<Range> ranges, List<Gap> gaps) {

    /** Recorded video without a break, of one kind. */
    public record Range(Instant from, Instant to, int segments, Kind kind) {
    }

    /** Continuous video, or an event clip (pre-roll, event, post-roll) of a camera that records events only. */
    public enum Kind {
        CONTINUOUS, EVENT;

        /** As the timeline JSON says it: {@code continuous}, {@code event}. */
        public String json() {
            return this == EVENT ? "event" : "continuous";
        }

        static Kind of(Segment s) {
            return s.eventClip() ? EVENT : CONTINUOUS;
        }
    }

    /** Missing video and why. */
    public record Gap(Instant from, Instant to, String reason) {
    }

    /** The day's bounds in the zone, as a range for the index queries. */
    public static TimeRange day(LocalDate day, ZoneId zone) {
        return new TimeRange(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * @param segments the camera's segments overlapping the day, in time order
     * @param gaps     the camera's gaps overlapping the day, in time order
     */
    public static Timeline of(TimeRange day, List<Segment> segments, List<RecordingGap> gaps) {
        long lo = day.fromMicros();
        long hi = day.toMicros();
        long tolerance = PlaylistWriter.DEFAULT_GAP_TOLERANCE.toNanos() / 1000;
        List<Range> ranges = new ArrayList<>();
        long start = 0;
        long end = 0;
        int count = 0;
        Kind kind = Kind.CONTINUOUS;
        for (Segment s : segments) {
            if (count > 0 && s.startMicros() - end <= tolerance && Kind.of(s) == kind) {
                end = Math.max(end, s.endMicros());
                count++;
                continue;
            }
            if (count > 0) {
                ranges.add(range(start, end, count, kind, lo, hi));
            }
            start = s.startMicros();
            end = s.endMicros();
            count = 1;
            kind = Kind.of(s);
        }
        if (count > 0) {
            ranges.add(range(start, end, count, kind, lo, hi));
        }
        List<Gap> holes = gaps.stream().map(g -> new Gap(TimeRange.instantOfMicros(Math.max(lo, g.startMicros())),
                TimeRange.instantOfMicros(Math.min(hi, g.endMicros())), g.reason())).toList();
        return new Timeline(day.from(), day.to(), List.copyOf(ranges), holes);
    }

    private static Range range(long start, long end, int count, Kind kind, long lo, long hi) {
        return new Range(TimeRange.instantOfMicros(Math.max(lo, start)), TimeRange.instantOfMicros(Math.min(hi, end)),
                count, kind);
    }
}
