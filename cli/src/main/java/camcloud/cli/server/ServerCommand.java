package camcloud.cli.server;

import camcloud.cloud.CloudServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code camcloud server}: one cloud node, until Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start a cloud node (HTTP API + web app, camera gateway) on embedded defaults.")
public final class ServerCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        camcloud.cloud.config.CloudConfig config = options.toConfig();
        CloudServer server = CloudServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        java.time.Duration drainTime = config.cluster().drain();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM: cameras move to other nodes and resend from their last keyframe (no gap), then stop.
            System.out.println("camcloud: draining (up to " + drainTime.toSeconds() + " s)");
            CloudServer.Drained drained = server.drain(drainTime);
            System.out.println("camcloud: drained: " + drained.camerasTold() + " cameras told to reconnect "
                    + "elsewhere, " + drained.camerasLeft() + " still connected after " + drained.millis() + " ms");
            server.close();
            System.out.println("camcloud: stopped");
            stopped.countDown();
        }, "shutdown"));
        System.out.println("camcloud cloud is up");
        System.out.println("  web app and API:  http://localhost:" + server.httpPort() + "/");
        System.out.println("  camera gateway:   localhost:" + server.gatewayPort() + " (TLS 1.3)");
        System.out.println("  camera HTTPS:     localhost:" + server.cameraHttpsPort()
                + " (firmware downloads; TLS 1.3, device certificates only)");
        System.out.println("  operator token:   " + server.operatorTokenFile().toAbsolutePath() + " (mode 600)");
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }
}
