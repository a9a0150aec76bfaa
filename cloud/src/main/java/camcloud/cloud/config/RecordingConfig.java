package camcloud.cloud.config;

import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.retention.RetentionSettings;
import java.util.Properties;
import java.util.Set;

/**
 * The video settings of a node (part of {@link CloudConfig}), with their properties keys:
 * {@code recording.segment.seconds}, {@code recorder.threads}, {@code recorder.backlog.bytes} (finished
 * segments waiting on local disk while the store or database is unreachable), {@code retention.days},
 * {@code retention.event.days} (event clips; by default never shorter than {@code retention.days}, at
 * least 90),
 * {@code retention.bytes} (per camera, 0 = no limit), {@code storage.max.bytes} (the node's store, 0 =
 * no cap), {@code storage.min.free.bytes}, {@code media.frames.per.second} and
 * {@code media.bytes.per.second} (a camera connection's media budget). Bad values fail fast with the
 * setting's name.
 */
public record RecordingConfig(RecorderSettings recorder, RetentionSettings retention, MediaLimits media) {

    public static final Set<String> KEYS = Set.of("recording.segment.seconds", "recorder.threads", "retention.days",
            "retention.bytes", "storage.max.bytes", "storage.min.free.bytes", "media.frames.per.second",
            "media.bytes.per.second", "retention.event.days", "recorder.backlog.bytes");

    public static RecordingConfig defaults() {
        return new RecordingConfig(RecorderSettings.DEFAULT, RetentionSettings.DEFAULT, MediaLimits.DEFAULT);
    }

    /** These settings with the keys of {@link #KEYS} present in {@code p} applied. */
    RecordingConfig with(Properties p) {
        RecorderSettings r = recorder;
        if (p.containsKey("recording.segment.seconds")) {
            r = r.withSegmentMicros((long) (Settings.number(p, "recording.segment.seconds") * 1_000_000));
        }
        if (p.containsKey("recorder.threads")) {
            r = r.withThreads((int) Settings.whole(p, "recorder.threads"));
        }
        if (p.containsKey("recorder.backlog.bytes")) {
            r = r.withBacklogBytes(Settings.whole(p, "recorder.backlog.bytes"));
        }
        RetentionSettings t = retention;
        int days = p.containsKey("retention.days") ? (int) Settings.whole(p, "retention.days") : t.days();
        int eventDays = p.containsKey("retention.event.days") ? (int) Settings.whole(p, "retention.event.days")
                : p.containsKey("retention.days") ? RetentionSettings.eventDaysFor(days) : t.eventDays();
        t = new RetentionSettings(
                days,
                p.containsKey("retention.bytes") ? Settings.whole(p, "retention.bytes") : t.bytesPerCamera(),
                p.containsKey("storage.max.bytes") ? Settings.whole(p, "storage.max.bytes") : t.storageMaxBytes(),
                p.containsKey("storage.min.free.bytes") ? Settings.whole(p, "storage.min.free.bytes") : t.minFreeBytes(),
                t.checkSeconds(), eventDays);
        MediaLimits m = new MediaLimits(
                p.containsKey("media.frames.per.second") ? (int) Settings.whole(p, "media.frames.per.second")
                        : media.framesPerSecond(),
                p.containsKey("media.bytes.per.second") ? Settings.whole(p, "media.bytes.per.second") : media.bytesPerSecond());
        return new RecordingConfig(r, t, m);
    }

    public RecordingConfig withRecorder(RecorderSettings settings) {
        return new RecordingConfig(settings, retention, media);
    }

    public RecordingConfig withRetention(RetentionSettings settings) {
        return new RecordingConfig(recorder, settings, media);
    }

    public RecordingConfig withMedia(MediaLimits limits) {
        return new RecordingConfig(recorder, retention, limits);
    }
}
