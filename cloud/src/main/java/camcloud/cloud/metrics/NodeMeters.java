package camcloud.cloud.metrics;

import camcloud.cloud.device.Presence;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.recording.Recorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The node's camera-facing meters, read from the counts its parts keep anyway (no bookkeeping of
 * their own on the media path; each is read only when Prometheus scrapes):
 *
 * <ul>
 *   <li>{@code camcloud.cameras.connected}: cameras with a welcomed session on this node;</li>
 *   <li>{@code camcloud.ingest.units} / {@code camcloud.ingest.bytes}: media units (frames) and their
 *       bytes received from cameras;</li>
 *   <li>{@code camcloud.recorder.queue.units}: units waiting to be written;
 *       {@code camcloud.recorder.units.dropped}: units the recorder dropped (queue full, no room);</li>
 *   <li>{@code camcloud.recorder.segments.written} / {@code camcloud.recorder.segments.bytes}: segments
 *       committed to the store and their bytes;</li>
 *   <li>{@code camcloud.live.viewers}: live viewers now; {@code camcloud.live.fragments.dropped}:
 *       fragments dropped for viewers too slow to take them.</li>
 * </ul>
 */
public final class NodeMeters implements MeterBinder {

    private final Presence presence;
    private final Recorder recorder;
    private final LiveHub live;

    public NodeMeters(Presence presence, Recorder recorder, LiveHub live) {
        this.presence = presence;
        this.recorder = recorder;
        this.live = live;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("camcloud.cameras.connected", presence, Presence::count)
                .description("cameras connected to this node (welcomed sessions)").register(registry);
        FunctionCounter.builder("camcloud.ingest.units", recorder, Recorder::unitsReceived)
                .description("media units (frames) received from cameras").register(registry);
        FunctionCounter.builder("camcloud.ingest.bytes", recorder, Recorder::bytesReceived)
                .description("bytes of media units received from cameras").baseUnit("bytes").register(registry);
        Gauge.builder("camcloud.recorder.queue.units", recorder, Recorder::unitsQueued)
                .description("media units waiting for the recorder").register(registry);
        FunctionCounter.builder("camcloud.recorder.units.dropped", recorder, Recorder::unitsDropped)
                .description("media units the recorder dropped (not recorded, not acknowledged)").register(registry);
        FunctionCounter.builder("camcloud.recorder.segments.written", recorder, Recorder::segmentsWritten)
                .description("segments committed to the store and the index").register(registry);
        FunctionCounter.builder("camcloud.recorder.segments.bytes", recorder, Recorder::bytesWritten)
                .description("bytes of segments committed").baseUnit("bytes").register(registry);
        Gauge.builder("camcloud.live.viewers", live, LiveHub::viewers)
                .description("live viewers of this node's cameras").register(registry);
        FunctionCounter.builder("camcloud.live.fragments.dropped", live, LiveHub::droppedFragments)
                .description("live fragments dropped for viewers too slow to take them").register(registry);
    }
}
