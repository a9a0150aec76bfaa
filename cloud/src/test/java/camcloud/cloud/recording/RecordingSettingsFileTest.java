package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.config.CloudConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video settings of a node's properties file: read when present, refused by name when bad. */
class RecordingSettingsFileTest {

    @TempDir
    Path dir;

    @Test
    void everyVideoSettingIsRead() throws Exception {
        Path file = dir.resolve("cloud.properties");
        Files.writeString(file, String.join("\n", "recording.segment.seconds=2.5", "recorder.threads=3",
                "retention.days=7", "retention.bytes=1000000000", "storage.max.bytes=5000000000",
                "storage.min.free.bytes=0", "media.frames.per.second=60", "media.bytes.per.second=2000000",
                "retention.event.days=45"));

        CloudConfig config = CloudConfig.defaults().withFile(file);

        assertThat(config.recording().recorder().segmentMicros()).isEqualTo(2_500_000);
        assertThat(config.recording().recorder().threads()).isEqualTo(3);
        assertThat(config.recording().retention().days()).isEqualTo(7);
        assertThat(config.recording().retention().eventDays()).isEqualTo(45);
        assertThat(config.recording().retention().bytesPerCamera()).isEqualTo(1_000_000_000L);
        assertThat(config.recording().retention().storageMaxBytes()).isEqualTo(5_000_000_000L);
        assertThat(config.recording().retention().minFreeBytes()).isZero();
        assertThat(config.recording().media().framesPerSecond()).isEqualTo(60);
        assertThat(config.recording().media().bytesPerSecond()).isEqualTo(2_000_000);
    }

    @Test
    void aBadValueIsRefusedWithTheSettingsName() throws Exception {
        Path file = dir.resolve("cloud.properties");
        Files.writeString(file, "retention.days=-1\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file)).hasMessageContaining("retention.days");
        Files.writeString(file, "retention.event.days=-3\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file)).hasMessageContaining("retention.event.days");
        Files.writeString(file, "retention.days=120\n");
        assertThat(CloudConfig.defaults().withFile(file).recording().retention().eventDays())
                .as("clips are never kept shorter than continuous video by default").isEqualTo(120);
        Files.writeString(file, "media.frames.per.second=lots\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("media.frames.per.second").hasMessageContaining("lots");
        Files.writeString(file, "recording.segment.seconds=0.01\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("recording.segment.seconds");
    }
}
