package camcloud.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code camcloud bench NAME}: whole-system benchmarks that print their figures. Each benchmark is a
 * subcommand class in this package named {@code <Name>Bench}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a whole-system benchmark and print its figures.",
        subcommands = {ShmBench.class, LatencyBench.class, IngestBench.class, PowerCutBench.class,
                DetectBench.class, FleetBench.class, ReconnectBench.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
