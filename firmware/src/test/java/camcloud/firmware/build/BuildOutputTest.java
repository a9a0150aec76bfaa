package camcloud.firmware.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleReader;
import camcloud.firmware.bundle.BundleVerifier;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.checkers.UImageChecker;
import camcloud.firmware.image.ImageException;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildOutputTest {

    @TempDir
    Path tmp;

    private static final SigningKey KEY = SigningKey.generate();

    private static BuildRequest request(BuildInputs inputs) {
        return new BuildRequest(FirmwareVersion.parse("1.2.3"), 1_000_000, 0, inputs);
    }

    @Test
    void allModelsGetAFlashImageAndAVerifiableBundle() throws IOException {
        List<BuildOutput.Result> results = BuildOutput.write(CameraModels.builtIn().all(),
                request(BuildInputs.standIns()), KEY, tmp);
        assertThat(results).hasSize(CameraModels.builtIn().all().size());
        for (BuildOutput.Result r : results) {
            CameraModel m = r.model();
            assertThat(r.flashImage()).isEqualTo(tmp.resolve(m.id()).resolve(m.id() + "-1.2.3.flash.bin"));
            assertThat(Files.size(r.flashImage())).isEqualTo(m.flashSize());
            BundleManifest manifest = BundleVerifier.verify(r.bundle(), TrustStore.of(KEY.trustedKey()),
                    CameraModels.builtIn());
            assertThat(manifest.model()).isEqualTo(m.id());
            assertThat(manifest.minVersionNumber()).isEqualTo(1_000_000);
            // the kernel part is exactly what the flash image holds in its kernel partition, and U-Boot's tools agree
            try (InputStream in = Files.newInputStream(r.bundle());
                 BundleReader reader = BundleReader.open(in, TrustStore.of(KEY.trustedKey()))) {
                byte[] kernel = reader.nextPart().readAllBytes();
                byte[] flash = Files.readAllBytes(r.flashImage());
                long offset = m.layout().partition("kernel").offset();
                assertThat(Arrays.copyOfRange(flash, (int) offset, (int) offset + kernel.length)).isEqualTo(kernel);
                UImageChecker.check(kernel, tmp);
                reader.nextPart().drain();
                reader.finish();
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".camcloud-build-"));
        }
    }

    @Test
    void aFailingModelLeavesNoOutputAtAll() throws IOException {
        CameraModel small = CameraModels.builtIn().require("hi3518ev200-8m");
        CameraModel big = CameraModels.builtIn().require("xiaomi-yi-ants");
        Path kernel = tmp.resolve("zImage");
        Files.write(kernel, new byte[(int) big.layout().partition("kernel").size() - 1000]);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> BuildOutput.write(List.of(big, small), request(new BuildInputs(kernel, null, null)),
                KEY, out)).isInstanceOf(ImageException.class).hasMessageContaining("hi3518ev200-8m");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }
}
