package camcloud.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import picocli.CommandLine;

/**
 * {@code camcloud bench fleet} in its smallest form: one node on SQLite and one fleet process of 10
 * cameras, real processes. It must connect every camera, print sane figures, and leave no process
 * behind. Nothing here is timed.
 */
@EnabledOnOs(OS.LINUX)
class FleetBenchTest {

    /** {@code  node1  20  123.4 KiB  456.7 KiB  …}: cameras, heap and RSS per camera. */
    private static final Pattern NODE_ROW = Pattern.compile("node1\\s+(\\d+)\\s+([\\d.]+) KiB\\s+([\\d.]+) KiB");

    @Test
    void aTinyFleetConnectsEveryCameraPrintsWhatEachCostsAndLeavesNoProcessBehind() {
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FleetBench bench = new FleetBench();
        bench.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(bench).execute("--cameras", "10", "--nodes", "1", "--fleets", "1",
                "--rest-seconds", "3", "--node-heap", "256m", "--fleet-heap", "256m");

        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output); // the figures, in the test's report
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("machine: ", " cores, ", "load average at start")
                .contains("connected: all 10 cameras in ")
                .contains("descriptors: node1 holds ").contains("within the 20,000 limit");
        Matcher row = NODE_ROW.matcher(output);
        assertThat(row.find()).as(output).isTrue();
        assertThat(Long.parseLong(row.group(1))).isEqualTo(10);
        double heapPerCamera = Double.parseDouble(row.group(2));
        double rssPerCamera = Double.parseDouble(row.group(3));
        assertThat(heapPerCamera).isPositive();
        assertThat(rssPerCamera).isGreaterThan(heapPerCamera);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p))
                .map(p -> p.info().commandLine().orElse("pid " + p.pid()))).as("processes the bench left running").isEmpty();
    }
}
