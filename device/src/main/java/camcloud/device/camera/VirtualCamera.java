package camcloud.device.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.CloudAgent;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.uplink.MediaUplink;
import camcloud.device.video.VideoApp;
import camcloud.device.video.VideoSource;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.LedState;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera on the JVM: its flash file holds who it is and where its cloud is; powering it on starts
 * the cloud agent, which dials out and stays connected. It opens no listening socket.
 *
 * <p>With video ({@link CameraVideo}), power-on starts the two programs of the camera's app
 * partition, as on a real camera: the video application ({@link VideoApp}), which writes access units
 * into a shared-memory ring file, and the cloud agent, which reads them from that file and streams
 * them ({@link MediaUplink}). They share nothing else, so either could be another process. Power-off
 * stops both and deletes the ring file.
 */
public final class VirtualCamera implements AutoCloseable {

    /** Firmware version a camera reports until it boots a built firmware image. */
    public static final String FACTORY_FIRMWARE = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(VirtualCamera.class);

    private final CameraFlash flash;
    private final CameraIdentity identity;
    private volatile CameraConfig config;
    private final CloudAgent agent;
    private final VideoApp video;

    private VirtualCamera(CameraFlash flash, CameraIdentity identity, CameraConfig config, AgentSettings settings,
                          EventLoopGroup group, VideoApp video) {
        this.flash = flash;
        this.identity = identity;
        this.config = config;
        this.video = video;
        this.agent = new CloudAgent(identity, config, settings, group, this::onCommand,
                video == null ? null : video.ringFile());
    }

    /**
     * Powers on the camera whose flash is {@code flashFile}: reads identity and config, then starts
     * dialling the cloud on {@code group}.
     */
    public static VirtualCamera powerOn(Path flashFile, EventLoopGroup group, AgentSettings settings)
            throws IOException {
        return powerOn(flashFile, group, settings, null);
    }

    /**
     * Powers on the camera whose flash is {@code flashFile} with its video application: the video
     * application starts writing into its ring, then the agent starts dialling the cloud on
     * {@code group} and streams what the ring holds.
     *
     * @param video how the camera makes video; null for a camera without video
     */
    public static VirtualCamera powerOn(Path flashFile, EventLoopGroup group, AgentSettings settings,
                                        CameraVideo video) throws IOException {
        CameraFlash flash = CameraFlash.open(flashFile, CameraModels.builtIn());
        VideoApp videoApp = null;
        try {
            CameraIdentity identity = flash.identity();
            CameraConfig config = flash.config().orElseThrow(() -> new IOException(
                    flashFile + " has no cloud address in its config partition; provision it again"));
            if (video != null) {
                VideoSource source = video.source().open(identity.serial().hashCode());
                videoApp = VideoApp.start(source, video.ringFile(identity.serial()), video.source().ringBytes(),
                        video.clock());
            }
            VirtualCamera camera = new VirtualCamera(flash, identity, config, settings, group, videoApp);
            log.info("camera {} ({}) powered on, cloud {}, video {}", identity.serial(), identity.model(),
                    config.cloudAddress(), video == null ? "off" : video.source());
            camera.agent.start();
            return camera;
        } catch (IOException | RuntimeException e) {
            if (videoApp != null) {
                videoApp.close();
            }
            flash.close();
            throw e;
        }
    }

    public String serial() {
        return identity.serial();
    }

    public CameraIdentity identity() {
        return identity;
    }

    public CameraConfig config() {
        return config;
    }

    public LedState led() {
        return agent.led();
    }

    public boolean online() {
        return agent.online();
    }

    public CloudAgent agent() {
        return agent;
    }

    /** The video application, or null for a camera without video. */
    public VideoApp video() {
        return video;
    }

    /** The agent's video uplink, or null for a camera without video. */
    public MediaUplink uplink() {
        return agent.uplink();
    }

    private CommandAck onCommand(Command command) {
        return switch (command.getKindCase()) {
            case PING -> ack(CommandAck.Result.RESULT_OK, "pong");
            case REBOOT -> {
                log.info("camera {}: rebooting on the cloud's command", identity.serial());
                // Acknowledge first; the session drops once the ack is on its way.
                agent.dropConnectionAfter(200);
                yield ack(CommandAck.Result.RESULT_OK, "rebooting");
            }
            case APPLY_SETTINGS -> applySettings(command.getApplySettings().getSettingsMap());
            default -> ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera does not know "
                    + command.getKindCase());
        };
    }

    private CommandAck applySettings(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(config.settings());
        merged.putAll(changes);
        CameraConfig updated = config.withSettings(merged);
        try {
            flash.writeConfig(updated);
            config = updated;
            return ack(CommandAck.Result.RESULT_OK, "applied " + changes.size() + " settings");
        } catch (IOException | RuntimeException e) {
            return ack(CommandAck.Result.RESULT_FAILED, "settings do not fit: " + e.getMessage());
        }
    }

    private static CommandAck ack(CommandAck.Result result, String message) {
        return CommandAck.newBuilder().setResult(result).setMessage(message).build();
    }

    @Override
    public void close() throws IOException {
        try {
            agent.close();
            if (video != null) {
                video.close();
            }
        } finally {
            flash.close();
        }
    }
}
