package camcloud.cli;

import camcloud.cli.bench.BenchCommand;
import camcloud.cli.camera.CameraCommand;
import camcloud.cli.demo.DemoCommand;
import camcloud.cli.firmware.FirmwareCommand;
import camcloud.cli.fleet.FleetCommand;
import camcloud.cli.server.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code camcloud} command. Each subcommand lives in its own class, named after what it runs. */
@Command(
        name = "camcloud",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cloud video surveillance for cameras that dial out to the cloud themselves.",
        subcommands = {
                DemoCommand.class,
                ServerCommand.class,
                CameraCommand.class,
                FleetCommand.class,
                FirmwareCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute commands through it without exiting the JVM. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
