package camcloud.cli.camera;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cli.Main;
import camcloud.cloud.TestCloud;
import camcloud.fleet.Fleet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camcloud camera provision --count N --dir DIR --api URL}: a factory script gets one line
 * per new camera (or JSON), the directory then holds N flash files a fleet powers on, and a second
 * run provisions only what is missing.
 */
class BulkProvisionCommandTest {

    @TempDir
    Path dir;

    @Test
    void provisionsWhatTheDirectoryLacksAndPrintsSerialModelAndClaimCode() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir.resolve("node"))) {
            Path tokenFile = dir.resolve("operator-token");
            Files.writeString(tokenFile, cloud.server().operatorToken() + "\n");
            Path cameras = dir.resolve("cameras");
            String gateway = cloud.cloudAddress().cloudAddress();

            String text = run("camera", "provision", "--count", "3", "--dir", cameras.toString(), "--api",
                    cloud.httpBase(), "--token", "@" + tokenFile, "--cloud", gateway, "--model", "xiaomi-yi-ants");

            List<String> lines = text.lines().toList();
            assertThat(lines).hasSize(3).allMatch(l -> l.matches("CC-[0-9A-Z]{10} xiaomi-yi-ants [0-9A-Z-]{17}"));
            assertThat(Fleet.flashFile(cameras, 3)).exists();
            for (String line : lines) {
                assertThat(cloud.server().devices().findBySerial(line.split(" ")[0])).isPresent();
            }

            JsonNode added = new ObjectMapper().readTree(run("camera", "provision", "--count", "5", "--dir",
                    cameras.toString(), "--api", cloud.httpBase(), "--token", "@" + tokenFile, "--cloud", gateway,
                    "--json"));

            assertThat(added).as("only the two missing cameras").hasSize(2);
            assertThat(added.get(0).get("flash").asText()).isEqualTo(Fleet.flashFile(cameras, 4).toString());
            assertThat(added.get(1).get("claimCode").asText()).hasSize(17);
            assertThat(cloud.server().devices().all()).hasSize(5);
        }
    }

    @Test
    void bulkWithoutTheApiIsRefusedWithWhatItNeeds() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.commandLine().setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute("camera", "provision", "--count", "3", "--dir", dir.toString(), "--token", "t",
                        "--cloud", "127.0.0.1:1");
        assertThat(exit).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--api URL");
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.commandLine()
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
        assertThat(exit).as("exit of %s: %s", String.join(" ", args), err.toString(StandardCharsets.UTF_8))
                .isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
