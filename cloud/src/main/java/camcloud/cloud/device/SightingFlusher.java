package camcloud.cloud.device;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every connected camera's last-seen time to the database once per period, in one
 * transaction. With 20,000 cameras heartbeating every 10 s this is one write transaction per period
 * instead of 2,000 per second. Cameras that go offline ({@link Presence#onDeparture}) are written
 * within {@link #DEPARTURE_BATCH_MILLIS}, together: a node's worth of cameras dropping at once (a
 * network cut, a drain) is a few transactions, not one per camera.
 */
public final class SightingFlusher implements AutoCloseable {

    /** How long departures wait to be written together. */
    static final long DEPARTURE_BATCH_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(SightingFlusher.class);

    private final Presence presence;
    private final DeviceStore devices;
    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<DeviceStore.Sighting> departed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean departuresScheduled = new AtomicBoolean();

    public SightingFlusher(Presence presence, DeviceStore devices, long periodMillis) {
        this.presence = presence;
        this.devices = devices;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sighting-flusher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flush, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        presence.onDeparture(this::departed);
    }

    /** Flushes now; also called by the timer. Never throws: a failed flush is retried next period. */
    public void flush() {
        flushDepartures();
        try {
            devices.recordSightings(presence.sightings());
        } catch (RuntimeException e) {
            log.warn("could not record camera sightings, retrying next period: {}", e.getMessage());
        }
    }

    /** On the camera's event loop: queued, written with the others that leave meanwhile. */
    private void departed(DeviceStore.Sighting sighting) {
        departed.add(sighting);
        if (departuresScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::flushDepartures, DEPARTURE_BATCH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // close() writes what is queued
            }
        }
    }

    private void flushDepartures() {
        departuresScheduled.set(false);
        List<DeviceStore.Sighting> batch = new ArrayList<>();
        DeviceStore.Sighting next;
        while ((next = departed.poll()) != null) {
            batch.add(next);
        }
        try {
            devices.recordSightings(batch);
        } catch (RuntimeException e) {
            // Their "last seen" stays at the periodic flush's value (a few heartbeats old).
            log.warn("could not record the last sighting of {} cameras that went offline: {}", batch.size(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}
