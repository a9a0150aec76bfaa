package camcloud.cli.firmware;

import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildOutput;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.image.StandInFault;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud firmware build}: for each model, a full flash image and a signed update bundle,
 * all or nothing (see {@link BuildOutput}).
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build a full flash image and a signed update bundle for one model or all of them.",
                "Without --kernel/--app/--boot, deterministic stand-ins of realistic size are generated.",
                "Writes OUT/<model>/<model>-<version>.flash.bin and OUT/<model>/<model>-<version>.bundle;",
                "on any error nothing is written."})
public final class FirmwareBuildCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exactly one of --model and --all-models. */
    static final class Target {
        @Option(names = "--model", paramLabel = "ID", required = true, description = "Model id (see 'firmware models').")
        String model;

        @Option(names = "--all-models", required = true, description = "Build every model, as a CI pipeline does.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--version", paramLabel = "V", required = true, description = "Firmware version, e.g. 1.4.2.")
    String version;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--key", paramLabel = "FILE", required = true,
            description = "Signing key (.key file from 'firmware keygen').")
    Path key;

    @Option(names = "--min-version", paramLabel = "V",
            description = "Oldest version the bundle may be installed over (default: any).")
    String minVersion;

    @Option(names = "--kernel", paramLabel = "FILE",
            description = "Kernel: a uImage (-C none) or a zImage with its initramfs, wrapped into one.")
    Path kernel;

    @Option(names = "--app", paramLabel = "FILE", description = "App partition image, written as is.")
    Path app;

    @Option(names = "--boot", paramLabel = "FILE", description = "U-Boot binary (with the model's reg_info block).")
    Path boot;

    @Option(names = "--time", paramLabel = "SECONDS",
            description = "uImage timestamp, Unix seconds (default: $SOURCE_DATE_EPOCH, else 0, for reproducible builds).")
    Long time;

    @Option(names = "--stand-in-fault", paramLabel = "FAULT",
            description = {"Tests and demos only: build a bad stand-in on purpose. 'panic': the kernel panics as it "
                    + "starts, the camera never comes back; 'no-video': the camera comes back but sends no video.",
                    "Needs the stand-in kernel (no --kernel)."})
    String standInFault;

    @CommandLine.Mixin
    ModelsOption modelsOption = new ModelsOption();

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            CameraModels models = modelsOption.models();
            BuildInputs inputs = new BuildInputs(kernel, app, boot,
                    standInFault == null ? StandInFault.NONE : StandInFault.parse(standInFault));
            if (target.all && inputs.anyGiven()) {
                throw new IllegalArgumentException("--kernel, --app and --boot are files for one model; use them with --model");
            }
            List<CameraModel> selected = target.all ? models.all() : List.of(models.require(target.model));
            FirmwareVersion v = FirmwareVersion.parse(version);
            long min = minVersion == null ? 0 : FirmwareVersion.parse(minVersion).number();
            if (min > v.number()) {
                throw new IllegalArgumentException("--min-version " + minVersion + " is above --version " + version);
            }
            SigningKey signingKey = SigningKey.load(key);
            BuildRequest request = new BuildRequest(v, min, time != null ? time : defaultTime(), inputs);
            List<BuildOutput.Result> results = BuildOutput.write(selected, request, signingKey, out);
            PrintWriter w = spec.commandLine().getOut();
            for (BuildOutput.Result r : results) {
                w.println(r.model().id() + "\t" + r.flashImage() + "\t" + r.bundle());
            }
            w.flush();
            return 0;
        });
    }

    /** The uImage time of a reproducible build: $SOURCE_DATE_EPOCH, else 0. */
    static long defaultTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(epoch.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + epoch + "' is not a number of seconds");
        }
    }
}
