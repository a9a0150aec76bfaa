package camcloud.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.engines.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import picocli.CommandLine;

/**
 * {@code camcloud bench reconnect} in its smallest form: two nodes on one PostgreSQL, 20 cameras in
 * two fleet processes. Killing the fuller node must bring every camera back on the other, none
 * giving up, and leave no process behind. Nothing here is timed.
 */
@EnabledOnOs(OS.LINUX)
class ReconnectBenchTest {

    @Test
    void afterAKillMinusNineEveryCameraIsBackOnTheOtherNodeAndNoneGaveUp() {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(), "no PostgreSQL here");
        String database = PostgresServer.require().newDatabase();
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReconnectBench bench = new ReconnectBench();
        bench.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(bench).execute("--cameras", "20", "--nodes", "2", "--db", database,
                "--node-heap", "256m", "--fleet-heap", "256m");

        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output); // the figures, in the test's report
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("machine: ").contains("connected: all 20 cameras in ")
                .containsPattern("killing node\\d \\(kill -9\\), which holds [1-9]\\d* cameras")
                .contains("back: all 20 cameras on the surviving nodes ")
                .containsPattern("peak handshakes: [1-9]\\d* a second")
                .contains("gave up: 0\n");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p))
                .map(p -> p.info().commandLine().orElse("pid " + p.pid()))).as("processes the bench left running").isEmpty();
    }
}
