package camcloud.cli.bench.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What all bench cameras of a run did, summed (written on the client event loops, read by the bench). */
public final class CameraCounters {
    public final LongAdder bytes = new LongAdder();
    public final LongAdder frames = new LongAdder();
    public final LongAdder acks = new LongAdder();
    /** Units a real-time camera lost because its upload buffer (the unacknowledged window) was full. */
    public final LongAdder uploadDrops = new LongAdder();
    public final AtomicInteger welcomed = new AtomicInteger();
    public volatile boolean streaming;
}
