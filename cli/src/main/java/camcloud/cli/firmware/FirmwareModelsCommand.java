package camcloud.cli.firmware;

import camcloud.firmware.layout.SizeText;
import camcloud.firmware.model.CameraModel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code camcloud firmware models}: one line per camera model, id first, so scripts can {@code cut -f1}. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the camera models, one per line: id, SoC, sensor, Wi-Fi, flash size, name (tab-separated).")
public final class FirmwareModelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelsOption models = new ModelsOption();

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            PrintWriter out = spec.commandLine().getOut();
            for (CameraModel m : models.models().all()) {
                out.println(String.join("\t", m.id(), m.soc(), m.sensor(), m.wifi(), SizeText.format(m.flashSize()),
                        m.name()));
            }
            out.flush();
            return 0;
        });
    }
}
