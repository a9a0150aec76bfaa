package camcloud.cloud.video;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The timeline of every camera of this node, kept in memory across the camera's reconnects (a few
 * dozen bytes per camera). A node restart forgets the anchors: the first unit after it is placed at
 * its arrival.
 */
public final class CameraTimelines {

    private final ConcurrentHashMap<String, CameraTimeline> timelines = new ConcurrentHashMap<>();
    private final long futureToleranceMicros;
    private final long gapMicros;

    public CameraTimelines(long futureToleranceMicros, long gapMicros) {
        this.futureToleranceMicros = futureToleranceMicros;
        this.gapMicros = gapMicros;
        new CameraTimeline(futureToleranceMicros, gapMicros); // fail fast on bad values
    }

    public CameraTimeline of(String serial) {
        return timelines.computeIfAbsent(serial, s -> new CameraTimeline(futureToleranceMicros, gapMicros));
    }

    public long gapMicros() {
        return gapMicros;
    }
}
