package camcloud.cli.fleet;

import camcloud.cli.OperatorTokenArgument;
import camcloud.cli.camera.VideoOptions;
import camcloud.device.agent.AgentMeters;
import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.SourceAddresses;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import camcloud.fleet.FleetStatus;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud fleet}: many virtual cameras in one process. Provisions the missing ones, powers
 * all on (each dialling the gateways of {@code --cloud} in turn, from a source address of
 * {@code --source-addresses}), prints a status line every {@code --status-every} seconds (one JSON
 * object per line with {@code --json}, after a {@code {"type":"ready"}} line once all are on), and
 * powers them off and exits 0 on SIGTERM or Ctrl-C. Without {@code --source} the cameras are idle
 * (no video); with it they all play the one source, encoded or read once per process.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Provision (if missing) and power on many virtual cameras in one process.")
public final class FleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory of the cameras' flash files")
    Path dir;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Cameras. Default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--cloud", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Gateways new cameras dial, in turn when one fails (to provision missing cameras)")
    String cloud;

    @Option(names = "--api", paramLabel = "URL", description = "The node's HTTP API, to provision missing cameras in bulk")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Operator token or @FILE, to provision missing cameras")
    String token;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Event-loop threads. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--source-addresses", paramLabel = "CIDR",
            description = "Local addresses the connections leave from, round-robin (inside 127.0.0.0/8, e.g. "
                    + "127.1.0.0/16). Default: the system's choice (127.0.0.1 for a gateway on loopback)")
    String sourceAddresses;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between status lines. Default: ${DEFAULT-VALUE}")
    int statusEvery;

    @Option(names = "--json", description = "Status as one JSON object per line (type ready, then status)")
    boolean json;

    @Mixin
    VideoOptions video;

    @Override
    public Integer call() throws Exception {
        if (statusEvery < 1) {
            throw new IllegalArgumentException("--status-every must be at least 1 second, was " + statusEvery);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
        }
        AgentSettings settings = video.applyTo(AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE))
                .withMeters(new AgentMeters());
        if (sourceAddresses != null) {
            SourceAddresses from = SourceAddresses.parse(sourceAddresses);
            if (!from.loopback()) {
                throw new IllegalArgumentException("--source-addresses " + sourceAddresses
                        + " must lie inside 127.0.0.0/8");
            }
            settings = settings.withSourceAddresses(from);
        }
        PrintStream out = System.out;
        if (cloud != null && token != null) {
            String operatorToken = OperatorTokenArgument.resolve(token);
            // In bulk through the operator API when given (thousands a minute); else one by one over the
            // gateway's factory protocol, as a factory line without the API does.
            CameraConfig cameraCloud = CameraConfig.parseCloud(cloud, Map.of());
            List<Fleet.NewCamera> created = api != null
                    ? Fleet.provisionMissing(dir, count, CameraModels.builtIn().all(), cameraCloud, URI.create(api),
                            operatorToken)
                    : Fleet.provisionMissing(dir, count, CameraModels.builtIn().all(), cameraCloud, operatorToken);
            for (Fleet.NewCamera c : created) {
                if (!json) {
                    out.println("provisioned " + c.camera().serial() + " (" + c.camera().model() + ") claim code "
                            + c.camera().claimCode());
                }
            }
        }
        boolean withVideo = spec.commandLine().getParseResult().hasMatchedOption("--source");
        CountDownLatch stop = new CountDownLatch(1);
        TerminationSignals.onTerminate(stop::countDown);
        long started = System.nanoTime();
        try (Fleet fleet = Fleet.powerOn(dir, settings, threads, withVideo ? video.source() : null)) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            out.println(json ? "{\"type\":\"ready\",\"cameras\":" + fleet.cameras().size() + ",\"powerOnMs\":" + millis + "}"
                    : fleet.cameras().size() + " cameras powered on in " + millis + " ms; stop with Ctrl-C");
            out.flush();
            while (!stop.await(statusEvery, TimeUnit.SECONDS)) {
                FleetStatus status = fleet.status();
                out.println(json ? status.toJson() : status.toText());
                out.flush();
            }
        }
        if (!json) {
            out.println("powered off");
        }
        return 0;
    }
}
