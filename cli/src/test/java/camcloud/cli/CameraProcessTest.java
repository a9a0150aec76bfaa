package camcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera as a separate process, as a user runs it: {@code camcloud camera provision} then
 * {@code camcloud camera --flash FILE --cloud A,B} in its own JVM (A is down: it ends up on B). It
 * must hold no listening socket, and when it is killed (no goodbye, as a power cut) the cloud must
 * see it go offline.
 */
@EnabledOnOs(OS.LINUX)
class CameraProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void cameraProcessDialsOutListensOnNothingAndGoesOfflineWhenKilled() throws Exception {
        CloudConfig config = CloudConfig.defaults().withDataDir(dir.resolve("data")).withBindHost("127.0.0.1")
                .withPorts(0, 0, 0).withHeartbeatInterval(Duration.ofMillis(300));
        try (CloudServer cloud = CloudServer.start(config)) {
            Path flash = dir.resolve("porch.flash");
            String printed = run("camera", "provision", "--flash", flash.toString(), "--model", "xiaomi-yi-ants",
                    "--cloud", "127.0.0.1:" + cloud.gatewayPort(), "--token", "@" + cloud.operatorTokenFile());
            Matcher serial = Pattern.compile("serial:\\s+(\\S+)").matcher(printed);
            assertThat(serial.find()).as("provision prints the serial: %s", printed).isTrue();
            assertThat(printed).containsPattern("claim code:\\s+[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}");

            Process camera = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "camera", "--flash", flash.toString(),
                    // a gateway that is down first: the camera dials the next one in turn
                    "--cloud", "127.0.0.1:" + closedPort() + ",127.0.0.1:" + cloud.gatewayPort())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("camera.log").toFile())
                    .start();
            try {
                assertThat(await(() -> cloud.presence().isOnline(serial.group(1))))
                        .as("camera process comes online; its log:%n%s", log()).isTrue();

                assertThat(listeningSockets(camera.pid())).as("listening sockets of the camera process").isEmpty();
                assertThat(connectedSockets(camera.pid())).as("the camera does hold its outgoing connection")
                        .isNotEmpty();

                camera.destroyForcibly().waitFor();
                assertThat(await(() -> !cloud.presence().isOnline(serial.group(1)))).as("offline after kill").isTrue();
            } finally {
                camera.destroyForcibly();
            }
        }
    }

    @Test
    void socketCheckSeesAListeningSocketWhenThereIsOne() throws Exception {
        try (java.net.ServerSocket open = new java.net.ServerSocket(0)) {
            assertThat(listeningSockets(ProcessHandle.current().pid()))
                    .anyMatch(s -> s.contains(String.format(":%04X ", open.getLocalPort())));
        }
    }

    @Test
    void provisionPrintsTheNewCameraAsJsonForAFactoryScript() throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            JsonNode camera = new ObjectMapper().readTree(run("camera", "provision", "--flash",
                    dir.resolve("line.flash").toString(), "--model", "hi3518ev200-8m", "--cloud",
                    "127.0.0.1:" + cloud.gatewayPort(), "--token", "@" + cloud.operatorTokenFile(), "--json"));
            assertThat(camera.properties()).extracting(java.util.Map.Entry::getKey)
                    .containsExactly("serial", "mac", "model", "claimCode");
            assertThat(camera.get("model").asText()).isEqualTo("hi3518ev200-8m");
            assertThat(camera.get("claimCode").asText()).matches("[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}");
            assertThat(cloud.devices().findBySerial(camera.get("serial").asText())).isPresent();
        }
    }

    @Test
    void provisionRefusesAnUnknownModelWithAClearMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.commandLine().setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute("camera", "provision", "--flash", dir.resolve("x.flash").toString(), "--model", "no-such-cam",
                        "--cloud", "127.0.0.1:1", "--token", "t");

        assertThat(exit).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-cam").doesNotContain("Exception");
        assertThat(dir.resolve("x.flash")).doesNotExist();
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("camera.log");
        return Files.exists(log) ? Files.readString(log) : "";
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

    /** Inodes of the sockets this process holds, from /proc/PID/fd. */
    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // fd closed while listing
                }
            }
        }
        return inodes;
    }

    /** TCP sockets in LISTEN state and bound UDP sockets of the process: anything a stranger could reach. */
    static List<String> listeningSockets(long pid) throws IOException {
        return sockets(pid, true);
    }

    static List<String> connectedSockets(long pid) throws IOException {
        return sockets(pid, false);
    }

    private static List<String> sockets(long pid, boolean listening) throws IOException {
        Set<String> mine = socketInodes(pid);
        List<String> found = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !mine.contains(f[9])) {
                    continue;
                }
                boolean isListening = table.startsWith("udp") || f[3].equals("0A");
                boolean isConnected = f[3].equals("01");
                if (listening ? isListening : isConnected) {
                    found.add(table + " " + f[1] + " state " + f[3]);
                }
            }
        }
        return found;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
