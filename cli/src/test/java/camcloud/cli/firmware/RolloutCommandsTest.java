package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cli.Main;
import camcloud.cloud.TestCloud;
import camcloud.device.camera.VirtualCamera;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rollout commands against a real cloud node and a streaming virtual camera, the release story
 * end to end: tag the QA camera; bad input refused with the cloud's reason; a good release reaches
 * it; a bad build (a stand-in that comes back without video) fails it and the rollout pauses;
 * {@code rollback} rebuilds the previous release under a higher version, publishes it, and the
 * camera comes back to video on it. The controls (start, pause, resume, cancel) on offline cameras.
 */
class RolloutCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = CameraModels.builtIn().all().get(0).id(); // TestCloud.provision's model
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private String url;
    private String token;

    @Test
    void releaseGoodThenBadThenGoBackWithTheControlsOnTheWay() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            url = cloud.httpBase();
            token = "@" + cloud.server().operatorTokenFile();
            SigningKey key = SigningKey.generate();
            Path keyFile = key.save(Files.createDirectories(dir.resolve("keys")), "ci");
            cloud.server().firmware().repository().trust(key.trustedKey());
            buildAndPublish(keyFile, "1.1.0");
            buildAndPublish(keyFile, "1.2.0", "--stand-in-fault", "no-video");

            TestCloud.Provisioned qa = cloud.provision();
            TestCloud.Provisioned b = cloud.provision();
            TestCloud.Provisioned c = cloud.provision();
            VirtualCamera camera = cloud.powerOnStreaming(qa.flash());
            Cli tagged = cli("camera", "tag", qa.serial(), "--add", "qa", "--cloud", url, "--token", token);
            assertThat(tagged.exit()).as(tagged.err()).isZero();
            assertThat(tagged.out()).isEqualTo("camera: " + qa.serial() + "\ntags:   qa\n");

            // Bad input: a clear refusal, exit 1, nothing created.
            assertThat(rollout("create", "--model", MODEL, "--version", "9.9.9").err())
                    .startsWith("error: the cloud refused (4");
            assertThat(rollout("create", "--model", "no-such-model", "--version", "1.1.0").err())
                    .startsWith("error: the cloud refused (4");
            assertThat(rollout("create", "--model", MODEL, "--version", "1.1.0", "--error-threshold", "150").err())
                    .startsWith("error: the cloud refused (400)");
            assertThat(rollout("create", "--model", MODEL, "--version", "1.1.0", "--wave", "half").err())
                    .isEqualTo("error: --wave 'half' must be tag:NAME or a share such as 10%\n");
            assertThat(json(rollout("list", "--json")).path("rollouts")).isEmpty();

            // The controls, on two offline cameras (offered, they wait for their next connection).
            Cli draft = rollout("create", "--model", MODEL, "--version", "1.1.0", "--camera", b.serial() + ","
                    + c.serial());
            assertThat(draft.exit()).as(draft.err()).isZero();
            assertThat(draft.out()).contains("state:   draft", "cameras: pending 2");
            String controlled = json(rollout("list", "--json")).path("rollouts").get(0).path("id").asText();
            assertThat(rollout("start", controlled).out()).contains("state:   running");
            assertThat(rollout("pause", controlled).out()).contains("state:   paused");
            assertThat(rollout("resume", controlled).out()).contains("state:   running");
            Cli overlap = rollout("create", "--model", MODEL, "--version", "1.1.0", "--camera", b.serial());
            assertThat(overlap.exit()).isEqualTo(1);
            assertThat(overlap.err()).startsWith("error: the cloud refused (409): ").contains(b.serial());
            assertThat(rollout("cancel", controlled).out()).contains("state:   cancelled");

            // A good release reaches the QA camera.
            String good = id(rollout("create", "--model", MODEL, "--version", "1.1.0", "--tag", "qa", "--settle", "2",
                    "--camera-timeout", "60", "--min-finished", "1", "--start", "--json"));
            JsonNode done = await(good, r -> r.path("state").asText().equals("completed"));
            assertThat(done.path("counts").path("healthy").asInt()).isEqualTo(1);

            // A bad build: the camera comes back on 1.2.0 without video; the rollout fails it and pauses.
            String bad = id(rollout("create", "--model", MODEL, "--version", "1.2.0", "--tag", "qa", "--settle", "2",
                    "--camera-timeout", "60", "--min-finished", "1", "--error-threshold", "20", "--start", "--json"));
            JsonNode paused = await(bad, r -> r.path("state").asText().equals("paused"));
            assertThat(paused.path("failures").get(0).path("reason").asText()).isEqualTo("no-video");
            Cli shown = rollout("show", bad);
            assertThat(shown.out()).contains("state:   paused: ", "failed:  no-video: " + qa.serial());
            assertThat(camera.firmwareVersion()).isEqualTo("1.2.0");

            // Going back: 1.1.0's sources as 1.2.1 (higher than 1.2.0: the camera accepts it), video again.
            Cli back = rollout("rollback", bad, "--cameras", "failed", "--from-version", "1.1.0", "--key",
                    keyFile.toString());
            assertThat(back.exit()).as(back.err()).isZero();
            assertThat(back.out()).contains(MODEL + " 1.2.1", "going back: " + MODEL + " 1.1.0 rebuilt as 1.2.1 "
                    + "(higher than 1.2.0), signed, published, rolled out to the failed cameras of rollout " + bad);
            String backId = json(rollout("list", "--json")).path("rollouts").findValues("id").stream()
                    .map(JsonNode::asText).filter(i -> !List.of(controlled, good, bad).contains(i)).findFirst()
                    .orElseThrow();
            await(backId, r -> r.path("counts").path("healthy").asInt() == 1);
            assertThat(camera.firmwareVersion()).isEqualTo("1.2.1");
            assertThat(rollout("rollback", bad, "--cameras", "failed", "--from-version", "1.1.0", "--as-version",
                    "1.1.5", "--key", keyFile.toString()).err())
                    .isEqualTo("error: --as-version 1.1.5 is not higher than the rollout's version 1.2.0: cameras that "
                            + "installed it would refuse it (anti-rollback)\n");
        }
    }

    private void buildAndPublish(Path key, String version, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--model", MODEL, "--version", version, "--out",
                dir.resolve("out").toString(), "--key", key.toString()));
        args.addAll(List.of(extra));
        FirmwareCli built = FirmwareCli.run(args.toArray(String[]::new));
        assertThat(built.exit()).as(built.err()).isZero();
        FirmwareCli published = FirmwareCli.run("publish", dir.resolve("out").resolve(MODEL)
                .resolve(MODEL + "-" + version + ".bundle").toString(), "--cloud", url, "--token", token);
        assertThat(published.exit()).as(published.err()).isZero();
    }

    private JsonNode await(String id, Predicate<JsonNode> condition) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode r = json(rollout("show", id, "--json"));
        while (!condition.test(r) && System.nanoTime() < end) {
            Thread.sleep(200);
            r = json(rollout("show", id, "--json"));
        }
        assertThat(condition.test(r)).as("rollout %s: %s", id, r).isTrue();
        return r;
    }

    private Cli rollout(String... args) {
        List<String> all = new ArrayList<>(List.of("firmware", "rollout"));
        all.addAll(List.of(args));
        if (!List.of(args).contains("--cloud") && !args[0].equals("--help")) {
            all.addAll(List.of("--cloud", url, "--token", token));
        }
        return cli(all.toArray(String[]::new));
    }

    private static String id(Cli created) throws Exception {
        assertThat(created.exit()).as(created.err()).isZero();
        return json(created).path("id").asText();
    }

    private static JsonNode json(Cli cli) throws Exception {
        assertThat(cli.exit()).as(cli.err()).isZero();
        return JSON.readTree(cli.out());
    }

    record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }
}
