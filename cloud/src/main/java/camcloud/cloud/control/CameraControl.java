package camcloud.cloud.control;

import camcloud.cloud.db.Database;
import camcloud.cloud.device.Presence;
import camcloud.cloud.ownership.Ownerships;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands and settings of one node's cameras: what the HTTP API and the gateway share. Made once per
 * node; {@link #close} writes the last reported states.
 *
 * <p>When a camera changes hands its command log is forgotten; when it is released (its settings and
 * reported state are deleted in the release's transaction, see {@link CameraSettingsStore#clear}) and
 * it is online here, its connection is closed: it dials again and its {@code Welcome} carries no
 * settings, so it goes back to its defaults and reports them — the next owner never sees the last
 * owner's zones or presets.
 */
public final class CameraControl implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraControl.class);
    /** How often reported states are written. */
    static final Duration REPORT_PERIOD = Duration.ofSeconds(1);

    private final CommandLog commandLog = new CommandLog();
    private final StateReports reports;
    private final CameraCommands commands;
    private final CameraSettings settings;
    private final Presence presence;
    private final Executor executor;

    /**
     * @param timeout  how long a command waits for the camera's acknowledgement
     * @param executor where commands end and database work runs (never a gateway event loop)
     */
    public CameraControl(Database db, Presence presence, Duration timeout, Clock clock, Executor executor) {
        CameraSettingsStore store = new CameraSettingsStore(db);
        this.presence = presence;
        this.executor = executor;
        this.reports = new StateReports(store, clock, REPORT_PERIOD);
        this.commands = new CameraCommands(presence, reports, commandLog, timeout, clock, executor);
        this.settings = new CameraSettings(store, reports, commands, clock);
    }

    public CameraCommands commands() {
        return commands;
    }

    public CameraSettings settings() {
        return settings;
    }

    public CommandLog commandLog() {
        return commandLog;
    }

    /** Follows claims and releases of {@code ownerships}; returns what stops following. */
    public Runnable follow(Ownerships ownerships) {
        return ownerships.onOwnerChanged((serial, atMicros) -> {
            commandLog.forget(serial);
            try {
                executor.execute(() -> {
                    try {
                        if (ownerships.current(serial).isEmpty()) {
                            released(serial);
                        }
                    } catch (RuntimeException e) {
                        log.warn("camera {}: could not finish its release: {}", serial, e.toString());
                    }
                });
            } catch (RejectedExecutionException full) {
                // No thread to ask whether it was a release: end the camera's session either way, so
                // its next Welcome carries what its settings are now (none after a release).
                log.info("camera {} changed hands while the node is overloaded; closing its connection", serial);
                settings.forgetPending(serial);
                presence.get(serial).ifPresent(connection -> connection.close("changed hands; retry later"));
            }
        });
    }

    private void released(String serial) {
        settings.forgetPending(serial);
        presence.get(serial).ifPresent(connection -> {
            log.info("camera {} was released: closing its connection so it starts again from its defaults", serial);
            connection.close("released by its owner: settings go back to the defaults");
        });
    }

    @Override
    public void close() {
        reports.close();
    }
}
