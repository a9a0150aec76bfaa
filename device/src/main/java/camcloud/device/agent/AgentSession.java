package camcloud.device.agent;

import camcloud.protocol.Frame;
import camcloud.protocol.MalformedFrame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.Welcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session of the agent with the gateway: Hello after the TLS handshake, heartbeats at the
 * interval the Welcome names (each one's round trip to its HeartbeatAck measured), commands answered with acks, the camera's events sent from its
 * {@link EventOutbox} (and their acks taken), and a close when the cloud goes quiet.
 *
 * <pre>{@code
 * pipeline.addLast("ssl", ...); pipeline.addLast("idle", ...);
 * pipeline.addLast("frameDecoder", ...); pipeline.addLast("frameEncoder", ...);
 * pipeline.addLast("uplink", new UplinkHandler(uplink));   // with video only
 * pipeline.addLast("session", new AgentSession(agent));
 * }</pre>
 *
 * <p>Ownership: releases every frame it reads.
 */
final class AgentSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

    private final CloudAgent agent;
    private ScheduledFuture<?> heartbeats;
    private long heartbeatSequence;
    /** When the last heartbeat went out, until its ack comes (0: none outstanding). */
    private long heartbeatSentNanos;
    private boolean welcomed;
    private boolean eventsStarted;

    AgentSession(CloudAgent agent) {
        this.agent = agent;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                agent.onHandshake(ResumedSessions.resumed(ctx.pipeline().get(SslHandler.class)));
                sendHello(ctx);
            } else {
                log.warn("camera {}: TLS handshake with the cloud failed: {}", agent.identity().serial(),
                        handshake.cause().getMessage());
                agent.onSessionError();
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            log.info("camera {}: the cloud went quiet, reconnecting", agent.identity().serial());
            ctx.close();
        }
    }

    private void sendHello(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(agent.identity().serial())
                .setModel(agent.identity().model())
                .setFirmwareVersion(agent.settings().firmwareVersion())
                .addAllCapabilities(agent.capabilities())
                .setBootId(agent.bootId())
                .setUptimeMs(agent.uptimeMillis())
                .setCameraTimeMs(System.currentTimeMillis())
                // The clock every VideoFrame.captureMicros is on (System.nanoTime, shared by the
                // video application's process): the cloud places buffered video by it.
                .setMonotonicUs(TimeUnit.NANOSECONDS.toMicros(System.nanoTime()))).build()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MalformedFrame malformed) {
                log.warn("camera {}: malformed frame from the cloud: {}", agent.identity().serial(), malformed.reason());
                ctx.close();
            } else if (msg instanceof Frame frame) {
                onEnvelope(ctx, frame.header());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onEnvelope(ChannelHandlerContext ctx, Envelope envelope) {
        switch (envelope.getBodyCase()) {
            case WELCOME -> onWelcome(ctx, envelope.getWelcome());
            case COMMAND -> {
                if (welcomed) {
                    onCommand(ctx, envelope.getCommand());
                }
            }
            case FIRMWARE_OFFER -> {
                if (welcomed) {
                    agent.onFirmwareOffer(envelope.getFirmwareOffer());
                }
            }
            case EVENT_ACK -> {
                if (eventsStarted) {
                    agent.events().acknowledged(envelope.getEventAck().getEventId(), envelope.getEventAck().getPhase());
                }
            }
            case GOODBYE -> {
                log.info("camera {}: the cloud closed the session: {} {}", agent.identity().serial(),
                        envelope.getGoodbye().getReason(), envelope.getGoodbye().getDetail());
                agent.onGoodbye(envelope.getGoodbye().getReason());
                ctx.close();
            }
            case HEARTBEAT_ACK -> {
                if (heartbeatSentNanos != 0 && envelope.getHeartbeatAck().getSequence() == heartbeatSequence) {
                    agent.onHeartbeatRoundTrip(System.nanoTime() - heartbeatSentNanos);
                    heartbeatSentNanos = 0;
                }
            }
            default -> {
                // unknown (newer) messages are skipped by design
            }
        }
    }

    private void onWelcome(ChannelHandlerContext ctx, Welcome welcome) {
        if (welcomed) {
            return;
        }
        welcomed = true;
        agent.onWelcome();
        long interval = Math.max(50, welcome.getHeartbeatIntervalMs());
        int tolerance = Math.max(1, welcome.getHeartbeatTolerance());
        ctx.pipeline().replace("idle", "idle",
                new IdleStateHandler(interval * (tolerance + 1), 0, 0, TimeUnit.MILLISECONDS));
        heartbeats = ctx.executor().scheduleAtFixedRate(() -> {
            heartbeatSentNanos = System.nanoTime();
            ctx.writeAndFlush(Frame.of(Envelope.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder()
                            .setSequence(++heartbeatSequence)
                            .setCameraTimeMs(System.currentTimeMillis())
                            .setUptimeMs(agent.uptimeMillis())).build()));
        }, interval, interval, TimeUnit.MILLISECONDS);
        if (welcome.getCapabilitiesList().contains(CloudAgent.WELCOME_SETTINGS_CAPABILITY)) {
            agent.onWelcomeSettings(welcome.getSettingsMap());
        }
        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setStatus(agent.status()).build()));
        // Events go to every cloud: one that does not know them skips the frames (protocol rule) and
        // never acknowledges them, and the bounded outbox drops them in time.
        eventsStarted = true;
        agent.events().sessionStarted(ctx.channel());
        log.info("camera {}: online (session {}, heartbeat every {} ms)", agent.identity().serial(),
                welcome.getSessionId(), interval);
    }

    private void onCommand(ChannelHandlerContext ctx, Command command) {
        CommandAck ack;
        try {
            ack = agent.commands().handle(command);
        } catch (RuntimeException e) {
            ack = CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_FAILED).setMessage(e.getMessage()).build();
        }
        ctx.writeAndFlush(Frame.of(Envelope.newBuilder()
                .setCommandAck(ack.toBuilder().setId(command.getId())).build()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (eventsStarted) {
            agent.events().sessionEnded(ctx.channel());
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("camera {}: connection error: {}", agent.identity().serial(), cause.toString());
        ctx.close();
    }
}
