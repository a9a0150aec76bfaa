package camcloud.cli.firmware;

import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundlePart;
import camcloud.firmware.bundle.BundleVerifier;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.TrustStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code camcloud firmware verify BUNDLE}: everything a camera checks, without a camera. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a bundle: signature by a trusted key, model, part sizes against the model's "
                + "partitions, SHA-256 of every part, nothing truncated or trailing. Prints the manifest summary, "
                + "or one line saying exactly what is wrong (exit 1).")
public final class FirmwareVerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle file.")
    Path bundle;

    @Option(names = "--trust", paramLabel = "FILE|DIR", required = true,
            description = "Trusted public key (.pub) or a directory of them; repeat to trust several (key rotation).")
    List<Path> trust;

    @Option(names = "--model", paramLabel = "ID", description = "Also require the bundle to be for this model.")
    String model;

    @Option(names = "--from-version", paramLabel = "V",
            description = "Also check that a camera running V may install it (no downgrade, at least the minimum version).")
    String fromVersion;

    @CommandLine.Mixin
    ModelsOption modelsOption = new ModelsOption();

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            var models = modelsOption.models();
            BundleManifest m = BundleVerifier.verify(bundle, TrustStore.load(trust), models);
            if (model != null) {
                m.checkFits(models.require(model));
            }
            if (fromVersion != null) {
                m.checkUpgradeFrom(FirmwareVersion.parse(fromVersion).number());
            }
            PrintWriter w = spec.commandLine().getOut();
            w.println("OK " + bundle + ": model " + m.model() + ", version " + m.version().text() + " ("
                    + m.version().number() + "), installs over " + m.minVersionNumber() + " or later, signed by key "
                    + m.keyId());
            for (BundlePart p : m.parts()) {
                w.println("  " + p.name() + " -> " + p.partition() + "  " + p.size() + " bytes  sha256 " + p.sha256());
            }
            w.flush();
            return 0;
        });
    }
}
