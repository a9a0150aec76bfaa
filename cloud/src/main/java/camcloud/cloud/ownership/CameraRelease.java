package camcloud.cloud.ownership;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An owner letting a camera go, and a former owner letting go of the recordings they kept. The
 * ownership is closed (and marked deleted) in the database first, so the video is invisible from
 * that moment; the files go next. Should erasing fail half way, what is left is visible to nobody
 * and the next retention run deletes it.
 */
public final class CameraRelease {

    private static final Logger log = LoggerFactory.getLogger(CameraRelease.class);

    private final Ownerships ownerships;
    private final RecordingEraser eraser;

    public CameraRelease(Ownerships ownerships, RecordingEraser eraser) {
        this.ownerships = ownerships;
        this.eraser = eraser;
    }

    /** Releases the user's camera; empty when it is not theirs. */
    public Optional<Ownership> release(long userId, String serial, Ownerships.Recordings recordings) {
        Optional<Ownership> released = ownerships.release(userId, serial, recordings);
        if (released.isPresent() && recordings == Ownerships.Recordings.DELETE) {
            erase(released.get());
        }
        return released;
    }

    /**
     * Deletes the recordings the user kept from their earlier ownerships of the camera (not those of
     * a current ownership); returns how many ownerships they came from.
     */
    public int deleteKept(long userId, String serial) {
        int forgotten = 0;
        for (Ownership o : ownerships.of(serial)) {
            if (o.ownerId() == userId && !o.current() && o.kept()) {
                ownerships.forget(o);
                erase(o);
                forgotten++;
            }
        }
        return forgotten;
    }

    private void erase(Ownership o) {
        try {
            eraser.erase(o.serial(), o.window());
        } catch (IOException | RuntimeException e) {
            log.warn("camera {}: could not erase the recordings of a released ownership ({}); nobody can see "
                    + "them, retention deletes them", o.serial(), e.toString());
        }
    }
}
