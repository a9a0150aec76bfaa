package camcloud.cli.firmware;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code camcloud firmware …}: camera models, firmware images and signed update bundles. */
@Command(name = "firmware", mixinStandardHelpOptions = true,
        description = "Camera models, firmware images and signed update bundles.",
        subcommands = {
                FirmwareModelsCommand.class,
                FirmwareBuildCommand.class,
                FirmwareKeygenCommand.class,
                FirmwareVerifyCommand.class,
                FirmwareTrustCommand.class,
                FirmwarePublishCommand.class,
                FirmwareTargetCommand.class,
                FirmwareStatusCommand.class,
                RolloutCommand.class,
        })
public final class FirmwareCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
