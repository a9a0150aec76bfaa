package camcloud.cloud.recording;

import camcloud.cloud.storage.ObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check that the index and the stored objects agree, after a crash at any moment — in
 * particular between an object's commit and its index row. Runs before the gateway accepts cameras.
 *
 * <ul>
 *   <li>Leftovers of interrupted writes are removed ({@link ObjectStore#sweepPending}).</li>
 *   <li>The {@link RecordingMarks} a crash left are resolved: an object without a row was never
 *       acknowledged (the camera resent it, or will) and is deleted; a row whose object is missing is
 *       removed and its time listed as a gap (never a row the archive lists but cannot read).</li>
 *   <li>With {@code listWholeStore} (the local directory, where listing is cheap) every row is checked
 *       against the files and files no row names are deleted, as before marks existed — except files
 *       another node has marked (it is writing them now). With S3 the marks alone are enough, so a
 *       start costs a query and a request per mark instead of a listing of the whole bucket.</li>
 * </ul>
 */
public final class RecordingRecovery {

    private static final Logger log = LoggerFactory.getLogger(RecordingRecovery.class);
    static final String LOST_REASON = "recording lost: its stored file is missing";

    /** What the check found and fixed. */
    public record Report(int pendingRemoved, int rowsRemoved, int orphansRemoved, int segments) {
    }

    private RecordingRecovery() {
    }

    /** The single-node check: marks of this node, then index and local files compared whole. */
    public static Report run(ObjectStore store, SegmentIndex index) throws IOException {
        return run(store, index, new RecordingMarks(index.database(), null), true);
    }

    public static Report run(ObjectStore store, SegmentIndex index, RecordingMarks marks, boolean listWholeStore)
            throws IOException {
        return run(store, index, marks, listWholeStore, node -> true);
    }

    /**
     * @param nodeAlive whether another node is alive (from the cluster directory): marks of nodes that
     *                  are not are resolved too (a node that comes back under a new id leaves its old
     *                  marks to this)
     */
    public static Report run(ObjectStore store, SegmentIndex index, RecordingMarks marks, boolean listWholeStore,
                             java.util.function.Predicate<String> nodeAlive) throws IOException {
        int pending = store.sweepPending();
        int rowsRemoved = 0;
        int orphans = 0;
        for (RecordingMarks.Mark mark : marks.left(System.currentTimeMillis(), nodeAlive)) {
            Optional<Segment> row = index.byStorageKey(mark.cameraSerial(), mark.storageKey());
            if (row.isPresent()) {
                if (!exists(store, mark.storageKey())) {
                    lost(index, row.get());
                    rowsRemoved++;
                }
            } else if (store.delete(mark.storageKey())) {
                orphans++; // committed, never indexed, never acknowledged
            }
            marks.done(mark.storageKey());
        }
        int segments;
        if (listWholeStore) {
            Set<String> markedElsewhere = new HashSet<>();
            marks.all().forEach(m -> markedElsewhere.add(m.storageKey()));
            Map<String, Long> rows = index.storageKeys();
            List<String> files = store.keys();
            Set<String> present = new HashSet<>(files);
            for (Map.Entry<String, Long> row : rows.entrySet()) {
                if (!present.contains(row.getKey()) && !markedElsewhere.contains(row.getKey())) {
                    index.segmentById(row.getValue()).ifPresent(s -> lost(index, s));
                    rowsRemoved++;
                }
            }
            for (String file : files) {
                if (!rows.containsKey(file) && !markedElsewhere.contains(file)) {
                    store.delete(file);
                    orphans++;
                }
            }
            segments = rows.size() - rowsRemoved;
        } else {
            segments = -1;
        }
        Report report = new Report(pending, rowsRemoved, orphans, segments);
        if (pending + rowsRemoved + orphans > 0) {
            log.warn("recording recovery: removed {} unfinished writes, {} index rows without a file (listed as "
                    + "gaps), {} files without an index row", pending, rowsRemoved, orphans);
        } else {
            log.info("recording recovery: index and files agree");
        }
        return report;
    }

    /** A row whose object is gone: removed, and its time listed as a gap (the archive never serves it). */
    private static void lost(SegmentIndex index, Segment s) {
        index.remove(s.id());
        index.addGap(s.cameraSerial(), s.startMicros(), s.endMicros(), LOST_REASON);
        log.warn("recording recovery: segment {} of camera {} has no file; listed as a gap", s.storageKey(),
                s.cameraSerial());
    }

    private static boolean exists(ObjectStore store, String key) throws IOException {
        try {
            store.size(key);
            return true;
        } catch (NoSuchFileException | FileNotFoundException e) {
            return false;
        }
    }
}
