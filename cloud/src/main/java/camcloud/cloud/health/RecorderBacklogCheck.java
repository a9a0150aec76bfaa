package camcloud.cloud.health;

import camcloud.cloud.recording.Recorder;
import java.util.function.Supplier;

/**
 * Down while finished segments wait on local disk because the store or the database failed: the
 * node holds video it has not acknowledged, and at the bound it turns cameras away ("retry later").
 */
public final class RecorderBacklogCheck implements HealthCheck {

    private final Supplier<Recorder.Backlog> backlog;

    public RecorderBacklogCheck(Supplier<Recorder.Backlog> backlog) {
        this.backlog = backlog;
    }

    @Override
    public Status check() {
        Recorder.Backlog b = backlog.get();
        if (!b.failing()) {
            return Status.up("nothing waiting");
        }
        long seconds = Math.max(0, (System.currentTimeMillis() - b.sinceMillis()) / 1000);
        String waiting = b.segments() + " segments (" + b.bytes() / (1 << 20) + " of " + b.limitBytes() / (1 << 20)
                + " MiB) wait for the store or the database since " + seconds + " s";
        return Status.down(b.full() ? waiting + "; full: cameras are told to retry later" : waiting);
    }
}
