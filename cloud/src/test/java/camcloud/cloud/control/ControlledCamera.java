package camcloud.cloud.control;

import camcloud.cloud.TestCloud;
import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.CloudAgent;
import camcloud.device.agent.CommandHandler;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.CameraStatus;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.LedState;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real cloud agent (TLS, Hello with the capabilities a test chooses, heartbeats) whose commands go
 * to a test handler: it records every command and answers with {@link #answer} — by default OK, with
 * a state naming what it did. Stands in for the camera's command handling where the test is about
 * the cloud's side.
 */
final class ControlledCamera implements CommandHandler, AutoCloseable {

    final List<Command> received = new CopyOnWriteArrayList<>();
    volatile Function<Command, CommandAck> answer = ControlledCamera::didIt;
    final CloudAgent agent;
    final String serial;

    ControlledCamera(TestCloud cloud, Path flash, EventLoopGroup loops, List<String> capabilities)
            throws IOException {
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
            identity = f.identity();
        }
        serial = identity.serial();
        AgentSettings defaults = AgentSettings.defaults("1.0.0").withBackoff(Duration.ofMillis(50),
                Duration.ofMillis(500));
        AgentSettings settings = new AgentSettings(defaults.firmwareVersion(), capabilities, defaults.backoffBase(),
                defaults.backoffCap(), defaults.backoffAtRiskCap(), defaults.helloTimeout(),
                defaults.uploadBufferBytes(), defaults.ringPollInterval(), defaults.uploadFramesPerSecond());
        agent = new CloudAgent(identity, cloud.cloudAddress(), settings, loops, this);
        agent.start();
    }

    @Override
    public CommandAck handle(Command command) {
        received.add(command);
        return answer.apply(command);
    }

    /** Reports {@code settings} in a CameraStatus, as a camera does after Welcome and on every change. */
    void reportStatus(Map<String, String> settings) {
        agent.send(Envelope.newBuilder().setStatus(CameraStatus.newBuilder().setLed(LedState.LED_STATE_ONLINE)
                .putAllSettings(settings)).build());
    }

    /** OK, and the state a camera would report: what it did, by command. */
    static CommandAck didIt(Command c) {
        CommandAck.Builder ack = CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_OK);
        switch (c.getKindCase()) {
            case PING -> ack.setMessage("pong");
            case REBOOT -> ack.setMessage("rebooting");
            case APPLY_SETTINGS -> ack.setMessage("applied").putAllState(c.getApplySettings().getSettingsMap());
            case PTZ_MOVE -> ack.setMessage("moving")
                    .putState("ptz.pan_deg", Double.toString(c.getPtzMove().getPanDeg()))
                    .putState("ptz.tilt_deg", Double.toString(c.getPtzMove().getTiltDeg()))
                    .putState("ptz.moving", Boolean.toString(!c.getPtzMove().getStop()));
            case PTZ_PRESET -> ack.setMessage(c.getPtzPreset().getAction() + " " + c.getPtzPreset().getName())
                    .putState("ptz.presets", c.getPtzPreset().getName() + ":10,5");
            case DAY_NIGHT -> ack.setMessage("mode set")
                    .putState("daynight.mode", c.getDayNight().getMode().name().substring(5).toLowerCase())
                    .putState("daynight.state", "night");
            default -> ack.setResult(CommandAck.Result.RESULT_UNSUPPORTED).setMessage("unknown");
        }
        return ack.build();
    }

    @Override
    public void close() {
        agent.close();
    }
}
