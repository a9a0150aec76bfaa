package camcloud.cloud.retention;

import camcloud.cloud.ownership.Ownership;
import camcloud.cloud.recording.RecordingPolicies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stretch of one camera's timeline ({@code [fromMicros, toMicros)}) and how long its video is kept.
 * A camera's video is kept by the rules of the ownership it was recorded under: the current owner's
 * settings for theirs, the retention a former owner had when they released it (with their recordings
 * kept) for theirs, none at all for recordings a former owner chose to delete, and the node's default
 * for video recorded while nobody owned the camera (which nobody can see) — since the last release,
 * the camera's own settings if it has any (a release drops the owner's, so only an operator's).
 * Event clips (cameras that record events only) have their own age: the current owner's
 * {@code eventRetentionDays} or the node's {@code retention.event.days}; a former owner's kept clips
 * and unowned ones go by the node's.
 *
 * @param days      for continuous video: {@link #NO_LIMIT} (0) keeps it forever, {@link #ERASE} keeps none
 * @param eventDays the same for event clips
 */
record RetentionSpan(long fromMicros, long toMicros, int days, int eventDays) {

    RetentionSpan(long fromMicros, long toMicros, int days) {
        this(fromMicros, toMicros, days, days);
    }

    static final int NO_LIMIT = 0;
    static final int ERASE = -1;

    /** The spans covering a camera's whole timeline, oldest first. */
    static List<RetentionSpan> of(List<Ownership> history, RecordingPolicies.Policy current, RetentionSettings node) {
        List<Ownership> sorted = history.stream().sorted(Comparator.comparingLong(Ownership::fromMicros)).toList();
        List<RetentionSpan> spans = new ArrayList<>();
        long cursor = Long.MIN_VALUE;
        for (Ownership o : sorted) {
            if (o.fromMicros() > cursor) {
                spans.add(new RetentionSpan(cursor, o.fromMicros(), node.days(), node.eventDays()));
            }
            long to = o.current() ? Long.MAX_VALUE : o.toMicros();
            int days;
            int eventDays;
            if (o.current()) {
                days = current.retentionDays().orElse(node.days());
                eventDays = current.eventRetentionDays().orElse(node.eventDays());
            } else if (o.kept()) {
                days = o.retentionDays() != null ? o.retentionDays() : node.days();
                eventDays = node.eventDays();
            } else {
                days = ERASE;
                eventDays = ERASE;
            }
            spans.add(new RetentionSpan(Math.max(cursor, o.fromMicros()), to, days, eventDays));
            cursor = to;
        }
        if (cursor != Long.MAX_VALUE) { // nobody owns it now: its own settings (an operator's) or the node's
            spans.add(new RetentionSpan(cursor, Long.MAX_VALUE, current.retentionDays().orElse(node.days()),
                    current.eventRetentionDays().orElse(node.eventDays())));
        }
        return spans;
    }

    /** Segments of continuous video of this span that ended before this are deleted. */
    long cutoffMicros(long nowMicros) {
        return cutoff(days, nowMicros);
    }

    /** Event clips of this span that ended before this are deleted. */
    long eventCutoffMicros(long nowMicros) {
        return cutoff(eventDays, nowMicros);
    }

    /** Gaps of this span that ended before this are forgotten: once no video around them can be left. */
    long gapCutoffMicros(long nowMicros) {
        return Math.min(cutoffMicros(nowMicros), eventCutoffMicros(nowMicros));
    }

    boolean limited() {
        return days != NO_LIMIT;
    }

    boolean eventsLimited() {
        return eventDays != NO_LIMIT;
    }

    private static long cutoff(int days, long nowMicros) {
        return days == ERASE ? Long.MAX_VALUE : days == NO_LIMIT ? Long.MIN_VALUE : nowMicros - days * 86_400_000_000L;
    }
}
