package camcloud.cloud.recording;

import camcloud.cloud.storage.ObjectStore;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check that the index and the stored files agree, after a crash at any moment: leftovers
 * of interrupted writes are deleted, index rows whose file is missing are deleted, and files no row
 * names (a crash between a commit and its index row, or between retention's row delete and file
 * delete) are deleted. Runs before the gateway accepts cameras.
 */
public final class RecordingRecovery {

    private static final Logger log = LoggerFactory.getLogger(RecordingRecovery.class);

    /** What the check found and fixed. */
    public record Report(int pendingRemoved, int rowsRemoved, int orphansRemoved, int segments) {
    }

    private RecordingRecovery() {
    }

    public static Report run(ObjectStore store, SegmentIndex index) throws IOException {
        int pending = store.sweepPending();
        Map<String, Long> rows = index.storageKeys();
        List<String> files = store.keys();
        Set<String> present = new HashSet<>(files);
        int rowsRemoved = 0;
        for (Map.Entry<String, Long> row : rows.entrySet()) {
            if (!present.contains(row.getKey())) {
                index.remove(row.getValue());
                rowsRemoved++;
            }
        }
        int orphans = 0;
        for (String file : files) {
            if (!rows.containsKey(file)) {
                store.delete(file);
                orphans++;
            }
        }
        Report report = new Report(pending, rowsRemoved, orphans, rows.size() - rowsRemoved);
        if (pending + rowsRemoved + orphans > 0) {
            log.warn("recording recovery: removed {} unfinished writes, {} index rows without a file, {} files "
                    + "without an index row; {} segments indexed", pending, rowsRemoved, orphans, report.segments());
        } else {
            log.info("recording recovery: index and files agree ({} segments)", report.segments());
        }
        return report;
    }
}
