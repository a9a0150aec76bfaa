package camcloud.cli.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.uplink.MediaUplink;
import camcloud.device.uplink.UplinkStats;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModels;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud camera --flash FILE [--source synthetic|file:PATH]}: power on a virtual camera; its
 * video application writes into a shared-memory ring, its agent dials the cloud, stays connected and
 * streams the video.
 */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = "Power on a virtual camera from its flash file (it dials out; it listens on no port).",
        subcommands = {ProvisionCommand.class, CameraTagCommand.class})
public final class CameraCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Not 'required' in picocli's sense: 'camera provision' has its own --flash.
    @Option(names = "--flash", paramLabel = "FILE", description = "The camera's flash file")
    Path flash;

    @Option(names = "--cloud", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Gateway address(es) to dial from now on, written to the camera's config partition "
                    + "(the settings there stay); several are tried in turn with backoff")
    String cloud;

    @Mixin
    VideoOptions video;

    @Override
    public Integer call() throws Exception {
        if (flash == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--flash=FILE'");
        }
        if (cloud != null) {
            redirect(flash, cloud);
        }
        VideoSourceSpec source = video.source();
        AgentSettings settings = video.applyTo(AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "video-clock");
            thread.setDaemon(true);
            return thread;
        });
        VirtualCamera camera;
        try {
            camera = VirtualCamera.powerOn(flash, group, settings, new CameraVideo(source, clock));
        } catch (Exception e) {
            clock.shutdownNow();
            group.shutdownGracefully();
            throw e;
        }
        CountDownLatch off = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                camera.close();
            } catch (Exception ignored) {
                // powering off anyway
            }
            clock.shutdownNow();
            group.shutdownGracefully();
            off.countDown();
        }, "power-off"));
        System.out.println("camera " + camera.serial() + " (" + camera.identity().model() + ") booted firmware "
                + camera.firmwareVersion() + (camera.agent() == null ? " in recovery mode" : "") + ", video "
                + source + ", dialling " + camera.config().cloudAddress() + "; stop with Ctrl-C");
        clock.scheduleAtFixedRate(() -> System.out.println(status(camera)), 30, 30, TimeUnit.SECONDS);
        off.await();
        return 0;
    }

    /** One line of what the camera's video did so far. */
    static String status(VirtualCamera camera) {
        MediaUplink uplink = camera.uplink();
        String led = camera.led().name().replace("LED_STATE_", "").toLowerCase(Locale.ROOT);
        if (uplink == null) { // booting, recovering or rebooting after an update
            return String.format("%s: firmware %s, %s", camera.serial(), camera.firmwareVersion(), led);
        }
        UplinkStats s = uplink.stats();
        return String.format("%s: firmware %s, %s, video sent %d (%d resent), acknowledged %d, dropped %d in %d gaps, "
                        + "buffered %d units / %d KiB", camera.serial(), camera.firmwareVersion(), led,
                s.unitsSent(), s.unitsResent(), s.unitsAcked(), s.unitsDropped(), s.gaps(), s.bufferedUnits(),
                s.bufferBytes() >> 10);
    }

    /** Points the camera at other gateways, as an installer would in its config partition. */
    private static void redirect(Path flashFile, String cloud) throws java.io.IOException {
        try (CameraFlash flash = CameraFlash.open(flashFile, CameraModels.builtIn())) {
            Map<String, String> settings = flash.config().map(CameraConfig::settings).orElse(Map.of());
            flash.writeConfig(CameraConfig.parseCloud(cloud, settings));
        }
    }
}
