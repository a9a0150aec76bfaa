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
 * {@code camcloud bench reconnect} in its smallest form: three nodes on one PostgreSQL, 21 cameras in
 * three fleet processes, measured at rest first. Killing the fullest node must bring every camera
 * back on the others (spread over both), none giving up, some resuming their TLS session, and leave
 * no process behind. Nothing here is timed.
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

        int exit = new CommandLine(bench).execute("--cameras", "21", "--nodes", "3", "--rest-seconds", "3",
                "--db", database,
                "--node-heap", "256m", "--fleet-heap", "256m");

        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output); // the figures, in the test's report
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("machine: ").contains("provisioned 21 cameras in ").contains("connected: all 21 cameras in ")
                .contains("at rest (CPU over 3 s").contains("descriptors: node3 holds ")
                .containsPattern("killing node\\d \\(kill -9\\), which holds [1-9]\\d* cameras")
                .contains("back: all 21 cameras on the surviving nodes ")
                .containsPattern("survivors now hold: node\\d [1-9]\\d* cameras, node\\d [1-9]\\d* cameras\n")
                .containsPattern("peak handshakes: [1-9]\\d* a second")
                .containsPattern("resumed TLS sessions: [1-9]\\d*%")
                .contains("gave up: 0\n");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p))
                .map(p -> p.info().commandLine().orElse("pid " + p.pid()))).as("processes the bench left running").isEmpty();
    }
}
