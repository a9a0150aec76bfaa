package camcloud.cloud.device;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every connected camera's last-seen time to the database once per period, in one
 * transaction. With 20,000 cameras heartbeating every 10 s this is one write transaction per period
 * instead of 2,000 per second.
 */
public final class SightingFlusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SightingFlusher.class);

    private final Presence presence;
    private final DeviceStore devices;
    private final ScheduledExecutorService timer;

    public SightingFlusher(Presence presence, DeviceStore devices, long periodMillis) {
        this.presence = presence;
        this.devices = devices;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sighting-flusher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flush, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Flushes now; also called by the timer. Never throws: a failed flush is retried next period. */
    public void flush() {
        try {
            devices.recordSightings(presence.sightings());
        } catch (RuntimeException e) {
            log.warn("could not record camera sightings, retrying next period: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
