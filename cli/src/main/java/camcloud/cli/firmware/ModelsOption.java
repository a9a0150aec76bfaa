package camcloud.cli.firmware;

import camcloud.firmware.model.CameraModels;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --models DIR}: model files to use instead of the ones shipped with camcloud. */
final class ModelsOption {

    @Option(names = "--models", paramLabel = "DIR",
            description = "Directory of <id>.properties model files (default: the built-in models).")
    Path dir;

    CameraModels models() {
        return dir == null ? CameraModels.builtIn() : CameraModels.load(dir);
    }
}
