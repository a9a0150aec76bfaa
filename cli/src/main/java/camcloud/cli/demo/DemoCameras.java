package camcloud.cli.demo;

import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The demo's cameras follow the demo's gateway port, which may change between runs. */
final class DemoCameras {

    private DemoCameras() {
    }

    /** Rewrites the cloud address in each camera's config partition where it differs from {@code cloud}. */
    static void pointAt(Path dir, CameraConfig cloud) throws IOException {
        List<Path> flashes;
        try (Stream<Path> files = Files.list(dir)) {
            flashes = files.filter(p -> p.getFileName().toString().endsWith(".flash")).toList();
        }
        for (Path file : flashes) {
            try (CameraFlash flash = CameraFlash.open(file, CameraModels.builtIn())) {
                CameraConfig current = flash.config().orElse(null);
                if (current == null || !current.cloudAddress().equals(cloud.cloudAddress())) {
                    flash.writeConfig(cloud.withSettings(current == null ? java.util.Map.of() : current.settings()));
                }
            }
        }
    }
}
