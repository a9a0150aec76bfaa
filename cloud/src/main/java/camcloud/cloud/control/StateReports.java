package camcloud.cloud.control;

import camcloud.cloud.control.CameraSettingsStore.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What cameras report about themselves ({@code CameraStatus.settings}, the state in command acks),
 * recorded in {@link CameraSettingsStore} off the gateway's event loops: {@link #report} only merges
 * the report into a map, and one thread writes every camera's latest report in one transaction per
 * period. A camera that reports ten times a second costs one row set a period, however many cameras
 * there are; {@link #pending} lets readers see a report before it is written.
 *
 * <p>Reports are untrusted input: at most {@value #MAX_KEYS} keys of {@code [a-z0-9_.]}, values of at
 * most {@value #MAX_VALUE} printable characters, {@value #MAX_CHARS} characters in all (a report of a
 * real camera is under 3,000); anything else is dropped and counted, never stored.
 */
public final class StateReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateReports.class);
    static final int MAX_KEYS = 64;
    static final int MAX_VALUE = 4096;
    static final int MAX_CHARS = 16 * 1024;
    private static final Pattern KEY = Pattern.compile("[a-z0-9_.]{1,64}");

    private final CameraSettingsStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Report> pending = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "camera-state-reports");
        t.setDaemon(true);
        return t;
    });

    /** Writes what arrived every {@code period}. */
    public StateReports(CameraSettingsStore store, Clock clock, Duration period) {
        this.store = store;
        this.clock = clock;
        long millis = period.toMillis();
        writer.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * A camera reported {@code state} ({@code complete}: all of it, from a status; else some keys, from
     * an ack). Never blocks: callable on an event loop.
     */
    public void report(String serial, Map<String, String> state, boolean complete) {
        Map<String, String> clean = sanitize(serial, state);
        if (clean.isEmpty() && !complete) {
            return;
        }
        Report r = new Report(serial, clean, complete);
        pending.merge(serial, r, Report::then);
    }

    /** A report of the camera not written yet, if any. */
    public Optional<Report> pending(String serial) {
        return Optional.ofNullable(pending.get(serial));
    }

    /** Drops what the camera reported and is not written yet (it was released). */
    public void forget(String serial) {
        pending.remove(serial);
    }

    /** Report entries dropped because they broke the limits. */
    public long dropped() {
        return dropped.sum();
    }

    private Map<String, String> sanitize(String serial, Map<String, String> state) {
        Map<String, String> clean = new LinkedHashMap<>();
        int bad = 0;
        int chars = 0;
        for (Map.Entry<String, String> e : state.entrySet()) {
            String value = e.getValue();
            if (clean.size() >= MAX_KEYS || !KEY.matcher(e.getKey()).matches() || value.length() > MAX_VALUE
                    || chars + e.getKey().length() + value.length() > MAX_CHARS
                    || value.chars().anyMatch(Character::isISOControl)) {
                bad++;
            } else {
                clean.put(e.getKey(), value);
                chars += e.getKey().length() + value.length();
            }
        }
        if (bad > 0) {
            dropped.add(bad);
            log.debug("camera {}: dropped {} reported state entries (bad key, too long, or more than {})", serial,
                    bad, MAX_KEYS);
        }
        return clean;
    }

    private void flush() {
        List<Report> batch = new ArrayList<>();
        for (String serial : List.copyOf(pending.keySet())) {
            Report r = pending.remove(serial);
            if (r != null) {
                batch.add(r);
            }
        }
        try {
            store.saveReported(batch, clock.millis());
        } catch (RuntimeException e) {
            // The next status of each camera reports it again; losing one period's reports costs nothing else.
            log.warn("could not record the state {} cameras reported: {}", batch.size(), e.toString());
        }
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (writer.awaitTermination(5, TimeUnit.SECONDS)) {
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
