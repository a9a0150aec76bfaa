package camcloud.firmware.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.layout.FlashLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraModelsTest {

    @TempDir
    Path tmp;

    private static final Path SOURCE_DIR = Path.of("src/main/resources/camcloud/firmware/models");

    @Test
    void shipsTheModelsTheIssueAsksFor() {
        CameraModels models = CameraModels.builtIn();
        assertThat(models.ids()).containsExactly("ambarella-s2l-ov4689", "hi3516cv200-imx222", "hi3518ev200-8m",
                "noname-hi3518e-wired", "xiaomi-yi-ants");
        CameraModel ants = models.require("xiaomi-yi-ants");
        assertThat(ants.soc()).isEqualTo("Hi3518E");
        assertThat(ants.sensor()).isEqualTo("ov9732");
        assertThat(ants.wifi()).isEqualTo("mt7601");
        assertThat(ants.mem()).isEqualTo("38M");
        assertThat(ants.hwType()).isEqualTo(101);
        assertThat(ants.layout().partition("kernel").offset()).isEqualTo(0x50000);
        assertThat(ants.layout().partition("app").offset()).isEqualTo(0x450000);
        CameraModel wired = models.require("noname-hi3518e-wired");
        assertThat(wired.sensor()).isEqualTo("ov9712");
        assertThat(wired.hasWifi()).isFalse();
        assertThat(models.require("hi3518ev200-8m").flashSize()).isEqualTo(8L << 20);
        assertThat(models.require("ambarella-s2l-ov4689").soc()).contains("S2L");
        assertThat(models.require("hi3516cv200-imx222").soc()).startsWith("Hi3516");
    }

    @Test
    void everyModelFileInTheFolderIsInTheIndex() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            List<String> ids = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).sorted().toList();
            assertThat(CameraModels.builtIn().ids()).isEqualTo(ids);
            assertThat(CameraModels.load(SOURCE_DIR).all()).isEqualTo(CameraModels.builtIn().all());
        }
    }

    @Test
    void theEightMegabyteModelIsTightButHoldsABackupKernel() {
        CameraModel m = CameraModels.builtIn().require("hi3518ev200-8m");
        FlashLayout layout = m.layout();
        assertThat(layout.unallocated()).isZero();
        assertThat(layout.partition("app").size()).isGreaterThanOrEqualTo(layout.partition("kernel").size());
        assertThat(layout.partition("kernel").size() - 64 - m.standInKernelSize()).isLessThan(256 << 10);
    }

    @Test
    void unknownModelListsKnownIds() {
        assertThatThrownBy(() -> CameraModels.builtIn().require("nope"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("xiaomi-yi-ants");
        assertThat(CameraModels.builtIn().find("nope")).isEmpty();
    }

    private Path modelFile(String id, String replace, String with) throws IOException {
        String text = Files.readString(SOURCE_DIR.resolve("xiaomi-yi-ants.properties"))
                .replace("id=xiaomi-yi-ants", "id=" + id);
        if (replace != null) {
            assertThat(text).contains(replace);
            text = text.replace(replace, with);
        }
        Path dir = Files.createTempDirectory(tmp, "models");
        Path file = dir.resolve(id + ".properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void malformedModelFilesNameTheFileAndTheProblem() throws IOException {
        assertThatThrownBy(() -> CameraModels.read(modelFile("m1", "hwType=101\n", "")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("m1.properties")
                .hasMessageContaining("missing key 'hwType'");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m2", "hwType=101", "hwType=abc")))
                .hasMessageContaining("'hwType'").hasMessageContaining("abc");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m3", "mem=38M", "mem=38M\nmemory=38M")))
                .hasMessageContaining("unknown key").hasMessageContaining("memory");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m4", "4096K(kernel)", "4100K(kernel)")))
                .hasMessageContaining("'kernel'").hasMessageContaining("bytes over");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m5", "8192K(app)", "2048K(app)")))
                .hasMessageContaining("app partition").hasMessageContaining("2097152 bytes smaller");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m6", ",-(config)", "")))
                .hasMessageContaining("no 'config' partition");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m7", "env.offset=0x30000", "env.offset=0x38000")))
                .hasMessageContaining("environment");
        assertThatThrownBy(() -> CameraModels.read(modelFile("Bad_Id", null, null)))
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m8", "flash.size=16M", "flash.size=lots")))
                .hasMessageContaining("'flash.size'");
        assertThatThrownBy(() -> CameraModels.read(modelFile("m9", "standin.kernelSize=3584K",
                "standin.kernelSize=4096K"))).hasMessageContaining("stand-in kernel");
        Path wrongName = modelFile("m10", null, null);
        Path renamed = Files.move(wrongName, wrongName.resolveSibling("other.properties"));
        assertThatThrownBy(() -> CameraModels.read(renamed)).hasMessageContaining("does not match the file name");
        Path bad = tmp.resolve("m11.properties");
        Files.writeString(bad, "id=m11\nname=\\uZZZZ\n");
        assertThatThrownBy(() -> CameraModels.read(bad)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("m11.properties");
        assertThatThrownBy(() -> CameraModels.load(tmp.resolve("absent"))).isInstanceOf(ModelFormatException.class);
    }
}
