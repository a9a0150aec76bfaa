package camcloud.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cli.bench.cluster.Nodes;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cli.firmware.FirmwareCommand;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.engines.Haproxy;
import camcloud.cloud.engines.PostgresServer;
import camcloud.cloud.engines.S3Server;
import camcloud.cloud.live.LiveClient;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The scenario with real processes and real engines: three {@code camcloud server} JVMs on
 * one PostgreSQL and one S3 server, behind a real HAProxy; a virtual camera streaming video dials
 * HAProxy and lands on some node. Then, through the other nodes: its firmware target set through a
 * node it is not on reaches it; it is watched live through a node it is not on; the node holding it
 * is killed with {@code kill -9} and the camera moves, and the archive (through another node) shows
 * the recordings before and after with at most one listed gap, no longer than the reconnect took;
 * finally a rolling graceful restart of all three nodes (SIGTERM, wait, start) leaves no gap at all.
 *
 * <p>Each step is checked and reported on its own ({@code scenario step ...: ok|FAILED} on standard
 * output), and the test fails at the end listing every step that did not hold, so one missing piece
 * does not hide whether the others work. No step asserts how long anything took except the one the
 * issue names (a gap no longer than the reconnect).
 */
@EnabledOnOs(OS.LINUX)
class MultiNodeScenarioTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SceneSettings SCENE = new SceneSettings(320, 180, 25, 400, 25, 2);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private final Map<String, String> steps = new LinkedHashMap<>();
    private final long startedNanos = System.nanoTime();
    /** The shared database's JDBC URL. */
    private String database;

    @Test
    void threeNodesBehindHaproxyShareOneCameraAndLoseNoVideoOnAGracefulRollingRestart() throws Exception {
        assumeTrue(Haproxy.shouldRun(), "no haproxy here");
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(), "no PostgreSQL here");
        database = PostgresServer.require().newDatabase();
        CameraModel model = CameraModels.builtIn().all().get(0);
        SigningKey publisher = SigningKey.generate();
        Path keyFile = publisher.save(Files.createDirectories(dir.resolve("keys")), "ci");

        EventLoopGroup cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
        try (S3Server s3 = S3Server.start(dir.resolve("s3"))) {
            s3.createBucket("camcloud");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("db.url", database);
            settings.put("storage.url", "s3://camcloud/scenario");
            settings.put("storage.s3.endpoint", s3.endpoint());
            settings.put("storage.s3.region", "us-east-1");
            settings.put("storage.s3.access.key", S3Server.ACCESS_KEY);
            settings.put("storage.s3.secret.key", S3Server.SECRET_KEY);
            settings.put("recording.segment.seconds", "1");
            settings.put("storage.min.free.bytes", "0");
            settings.put("node.lease.seconds", "3");
            settings.put("node.drain.seconds", "10");
            try (Nodes nodes = Nodes.create(dir.resolve("nodes"), 3, settings)) {
                Path trust = Files.createDirectories(nodes.get(0).dataDir().resolve(Nodes.SHARED_TRUST_DIR));
                publisher.trustedKey().save(trust.resolve(publisher.keyId() + ".pub"));
                nodes.startAll();
                try (Haproxy haproxy = Haproxy.start(dir.resolve("haproxy"), nodes.gatewayPorts())) {
                    run(nodes, haproxy, model, keyFile, cameraLoops, videoClock);
                } finally {
                    Files.writeString(dir.resolve("nodes.log"), nodes.logs());
                }
            }
        } finally {
            cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            videoClock.shutdownNow();
            steps.forEach((step, result) -> System.out.println("scenario step " + step + ": " + result));
        }
        assertThat(steps).as("every step of the scenario holds (logs: %s)", dir.resolve("nodes.log"))
                .allSatisfy((step, result) -> assertThat(result).as(step).startsWith("ok"));
    }

    private void run(Nodes nodes, Haproxy haproxy, CameraModel model, Path keyFile, EventLoopGroup cameraLoops,
                     ScheduledExecutorService videoClock) throws Exception {
        String token = nodes.operatorToken();
        Path flash = dir.resolve("camera.flash");
        FactoryProvisioner.Provisioned provisioned = FactoryProvisioner.provision(flash, model,
                new CameraConfig("127.0.0.1", haproxy.port(), Map.of()), token);
        String serial = provisioned.serial();
        ApiClient owner = new ApiClient(nodes.get(0).httpBase());
        ApiClient.Response signedUp = owner.signUp("owner", PASSWORD);
        check("owner signs up on node1", signedUp.status() == 201, signedUp.text());
        String cookie = signedUp.header("Set-Cookie").split(";", 2)[0];
        ApiClient ownerOnNode2 = new ApiClient(nodes.get(1).httpBase(), Map.of("Cookie", cookie));
        ApiClient.Response claimed = ownerOnNode2.claim(provisioned.claimCode(), "porch");
        check("the camera is claimed through node2 (one database)", claimed.status() == 201, claimed.text());

        VirtualCamera camera = VirtualCamera.powerOn(flash, cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
                new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock,
                        Files.createDirectories(dir.resolve("rings"))));
        try {
            Optional<NodeProcess> first = awaitHolder(nodes, serial, null);
            check("the camera lands on a node through HAProxy", first.isPresent(), "no node holds it");
            if (first.isEmpty()) {
                return;
            }

            // Firmware: the target is set through a node the camera is not on; the offer reaches it.
            NodeProcess elsewhere = other(nodes, first.get());
            Path bundle = buildBundle(model, keyFile);
            String published = firmware("publish", bundle.toString(), "--cloud", elsewhere.httpBase(), "--token", token);
            String targeted = published.startsWith("exit 0") ? firmware("target", serial, "--version", "1.2.0",
                    "--cloud", elsewhere.httpBase(), "--token", token) : "not published";
            check("firmware target set through " + elsewhere.id() + " (camera on " + first.get().id() + ")",
                    targeted.startsWith("exit 0"), published + "\n" + targeted);
            check("the firmware offer reaches the camera and it installs 1.2.0",
                    await(Duration.ofSeconds(60), () -> "1.2.0".equals(camera.firmwareVersion())),
                    "camera runs " + camera.firmwareVersion());

            // Live: watched through a node the camera is not on.
            Optional<NodeProcess> holder = awaitHolder(nodes, serial, null);
            check("the camera is on a node after its update", holder.isPresent(), "no node holds it");
            if (holder.isEmpty()) {
                return;
            }
            NodeProcess viewerNode = other(nodes, holder.get());
            String liveStep = "live fMP4 through " + viewerNode.id() + " of the camera on " + holder.get().id();
            try (LiveClient live = LiveClient.connect(viewerNode.httpBase(), serial, cookie)) {
                // the init segment, then fragments
                check(liveStep, await(WAIT, () -> live.binaryCount() >= 3), live.binaryCount() + " binary messages");
            } catch (LiveClient.Refused e) {
                check(liveStep, false, e.getMessage());
            }

            // kill -9 of the node holding the camera: it moves; at most one gap, no longer than the move.
            awaitRecorded(owner, serial, Instant.now().plusSeconds(2));
            Instant beforeKill = Instant.now().minusSeconds(2);
            NodeProcess killed = holder.get();
            Instant killedAt = Instant.now();
            killed.kill();
            Optional<NodeProcess> moved = awaitHolder(nodes, serial, killed);
            Instant movedAt = Instant.now();
            check("after kill -9 of " + killed.id() + " the camera moves to another node", moved.isPresent(),
                    "no other node holds it");
            ApiClient archive = new ApiClient(other(nodes, killed, moved.map(List::of).orElse(List.of()))
                    .httpBase(), Map.of("Cookie", cookie));
            Instant afterMove = movedAt.plusSeconds(3);
            boolean recordedAfter = awaitRecorded(archive, serial, afterMove);
            Timeline killWindow = Timeline.fetch(archive, serial, beforeKill, afterMove);
            Duration reconnect = Duration.between(killedAt, movedAt);
            check("the archive shows video before and after the kill", recordedAfter
                    && killWindow.covers(beforeKill) && killWindow.covers(afterMove.minusSeconds(1)), killWindow.toString());
            check("the kill left at most one gap, no longer than the reconnect (" + reconnect.toMillis() + " ms)",
                    killWindow.gaps().size() <= 1 && killWindow.gaps().stream()
                            .allMatch(g -> g.length().compareTo(reconnect.plusSeconds(1)) <= 0),
                    killWindow.toString());
            killed.start();

            // Rolling graceful restart: SIGTERM, wait for it to exit, start again; node after node.
            Instant rollingFrom = Instant.now();
            boolean everyNodeExited = true;
            boolean cameraStayed = true;
            for (NodeProcess node : nodes.all()) {
                everyNodeExited &= node.stop();
                node.start();
                cameraStayed &= awaitHolder(nodes, serial, null).isPresent();
            }
            check("every node stops on SIGTERM by itself", everyNodeExited, "one needed kill -9 after 60 s");
            check("the camera is on a node after each restart", cameraStayed, "it was on none at some point");
            Instant rollingTo = Instant.now();
            boolean recordedAfterRolling = awaitRecorded(archive, serial, rollingTo.plusSeconds(2));
            Timeline rolling = Timeline.fetch(archive, serial, rollingFrom, rollingTo);
            check("the rolling restart left no gap at all", recordedAfterRolling && rolling.gaps().isEmpty()
                    && rolling.ranges().size() == 1 && rolling.covers(rollingFrom) && rolling.covers(rollingTo),
                    rolling.toString());
        } finally {
            camera.close();
        }
    }

    /** Records the outcome of one step of the scenario. */
    private void check(String step, boolean ok, String detail) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        steps.put(step, (ok ? "ok" : "FAILED: " + detail) + " (at " + seconds + " s)");
    }

    /** A node other than {@code not} (and not in {@code alsoNot}) that runs. */
    private static NodeProcess other(Nodes nodes, NodeProcess not, List<NodeProcess> alsoNot) {
        return nodes.all().stream().filter(n -> n != not && !alsoNot.contains(n) && n.alive()).findFirst()
                .orElseGet(() -> nodes.all().stream().filter(n -> n != not && n.alive()).findFirst().orElseThrow());
    }

    private static NodeProcess other(Nodes nodes, NodeProcess not) {
        return other(nodes, not, List.of());
    }

    /**
     * The running node the camera is connected to (not {@code not}), waiting for one. Asked of the
     * node directory in the shared database ({@code cluster_cameras} on a node with a live lease);
     * on a build without the directory, of the nodes' logs: the node whose last word on the camera
     * is that it came online ({@code camera SERIAL online from}) with no {@code offline} after it.
     */
    private Optional<NodeProcess> awaitHolder(Nodes nodes, String serial, NodeProcess not) {
        NodeProcess[] found = new NodeProcess[1];
        await(WAIT, () -> {
            Optional<String> listed = directoryHolder(serial);
            for (NodeProcess node : nodes.all()) {
                boolean holds = listed.isPresent() ? listed.get().equals(node.id()) : holdsByLog(node, serial);
                if (node != not && node.alive() && holds) {
                    found[0] = node;
                    return true;
                }
            }
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    /** The node id the directory lists for the camera (empty: on none, or no directory in this build). */
    private Optional<String> directoryHolder(String serial) {
        try (Connection c = DriverManager.getConnection(database);
             PreparedStatement q = c.prepareStatement("SELECT c.node_id FROM cluster_cameras c JOIN cluster_nodes n"
                     + " ON n.node_id = c.node_id WHERE c.serial = ? AND n.lease_until_ms > ?")) {
            q.setString(1, serial);
            q.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.of("");
            }
        } catch (SQLException noDirectory) {
            return Optional.empty();
        }
    }

    private static boolean holdsByLog(NodeProcess node, String serial) {
        try {
            String log = node.log();
            int online = log.lastIndexOf("camera " + serial + " online from");
            int offline = Math.max(log.lastIndexOf("camera " + serial + " offline"),
                    log.lastIndexOf("camera " + serial + " at "));
            return online >= 0 && online > offline;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Waits until the archive has video up to {@code until}. */
    private static boolean awaitRecorded(ApiClient client, String serial, Instant until) {
        return await(Duration.ofSeconds(60), () -> {
            try {
                Timeline t = Timeline.fetch(client, serial, until.minusSeconds(1), until);
                return !t.ranges().isEmpty() && t.ranges().get(t.ranges().size() - 1).to().compareTo(until) >= 0;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private Path buildBundle(CameraModel model, Path keyFile) {
        Path out = dir.resolve("bundles");
        String built = firmware("build", "--model", model.id(), "--version", "1.2.0", "--out", out.toString(),
                "--key", keyFile.toString());
        assertThat(built).startsWith("exit 0");
        return out.resolve(model.id()).resolve(model.id() + "-1.2.0.bundle");
    }

    /** {@code camcloud firmware ARGS} in this JVM: "exit N" and what it printed. */
    private static String firmware(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new FirmwareCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int exit = cl.execute(args);
        return "exit " + exit + "\n" + out;
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** What {@code GET /api/cameras/{serial}/timeline} lists within a window, clipped to it. */
    record Timeline(List<Span> ranges, List<Span> gaps) {

        /** A range (reason null) or a gap with the reason the archive gives. */
        record Span(Instant from, Instant to, String reason) {
            Duration length() {
                return Duration.between(from, to);
            }
        }

        /** The ranges and gaps overlapping {@code [from, to]} (the days it spans, UTC). */
        static Timeline fetch(ApiClient client, String serial, Instant from, Instant to) {
            List<Span> ranges = new ArrayList<>();
            List<Span> gaps = new ArrayList<>();
            LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
            for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
                ApiClient.Response r = client.get("/api/cameras/" + serial + "/timeline?day=" + day);
                if (r.status() != 200) {
                    throw new IllegalStateException("timeline of " + day + ": HTTP " + r.status() + " " + r.text());
                }
                collect(r.json().get("ranges"), from, to, ranges);
                collect(r.json().get("gaps"), from, to, gaps);
            }
            return new Timeline(merge(ranges), gaps);
        }

        private static void collect(JsonNode spans, Instant from, Instant to, List<Span> into) {
            for (JsonNode s : spans) {
                Instant a = OffsetDateTime.parse(s.get("from").asText()).toInstant();
                Instant b = OffsetDateTime.parse(s.get("to").asText()).toInstant();
                if (b.isAfter(from) && a.isBefore(to)) {
                    into.add(new Span(a, b, s.has("reason") ? s.get("reason").asText() : null));
                }
            }
        }

        /** Ranges of consecutive days that touch become one. */
        private static List<Span> merge(List<Span> spans) {
            List<Span> merged = new ArrayList<>();
            for (Span s : spans) {
                Span prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (prev != null && !s.from().isAfter(prev.to())) {
                    merged.set(merged.size() - 1, new Span(prev.from(), s.to().isAfter(prev.to()) ? s.to() : prev.to(), null));
                } else {
                    merged.add(s);
                }
            }
            return merged;
        }

        boolean covers(Instant t) {
            return ranges.stream().anyMatch(r -> !t.isBefore(r.from()) && !t.isAfter(r.to()));
        }
    }
}
