package camcloud.device.agent;

import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.Envelopes;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.LedState;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's cloud agent: dials out to the gateway (the camera listens on no port), keeps one
 * session up, and reconnects with exponential backoff and jitter whenever the session ends. Many
 * agents can share one event loop group, which is how {@code fleet} runs thousands of cameras in
 * one process.
 */
public final class CloudAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudAgent.class);

    private final CameraIdentity identity;
    private final CameraConfig config;
    private final AgentSettings settings;
    private final EventLoopGroup group;
    private final CommandHandler commands;
    private final SslContext ssl;
    private final Backoff backoff;

    private volatile LedState led = LedState.LED_STATE_BOOTING;
    private volatile boolean stopped;
    private volatile Channel channel;
    private volatile long sessionsStarted;

    public CloudAgent(CameraIdentity identity, CameraConfig config, AgentSettings settings, EventLoopGroup group,
                      CommandHandler commands) {
        this.identity = identity;
        this.config = config;
        this.settings = settings;
        this.group = group;
        this.commands = commands;
        this.ssl = AgentTls.forIdentity(identity);
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), ThreadLocalRandom.current());
    }

    /** Starts dialling; returns at once. */
    public void start() {
        connect();
    }

    public CameraIdentity identity() {
        return identity;
    }

    public LedState led() {
        return led;
    }

    public boolean online() {
        return led == LedState.LED_STATE_ONLINE;
    }

    /** How many sessions reached Welcome since start. */
    public long sessionsStarted() {
        return sessionsStarted;
    }

    /** Drops the current session (as a reboot or a network loss would) and dials again after backoff. */
    public void dropConnection() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    /** {@link #dropConnection()} after {@code millis}, so that a reply sent now still goes out. */
    public void dropConnectionAfter(long millis) {
        group.next().schedule(this::dropConnection, millis, TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        led = LedState.LED_STATE_CONNECTING;
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long helloMillis = settings.helloTimeout().toMillis();
                        ch.pipeline()
                                .addLast("ssl", ssl.newHandler(ch.alloc(), config.cloudHost(), config.cloudPort()))
                                .addLast("idle", new IdleStateHandler(helloMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast("session", new AgentSession(CloudAgent.this));
                    }
                })
                .connect(config.cloudHost(), config.cloudPort());
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("camera {}: cannot reach {}: {}", identity.serial(), config.cloudAddress(),
                        f.cause().getMessage());
            }
        });
        connecting.channel().closeFuture().addListener(f -> scheduleReconnect());
    }

    private void scheduleReconnect() {
        if (stopped) {
            return;
        }
        led = LedState.LED_STATE_CONNECTING;
        Duration wait = backoff.next();
        log.info("camera {}: not connected to {}, retrying in {} ms", identity.serial(), config.cloudAddress(),
                wait.toMillis());
        group.next().schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- called by AgentSession on the channel's event loop ----

    void onWelcome() {
        backoff.reset();
        led = LedState.LED_STATE_ONLINE;
        sessionsStarted++;
    }

    void onSessionError() {
        led = LedState.LED_STATE_ERROR;
    }

    CommandHandler commands() {
        return commands;
    }

    AgentSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        stopped = true;
        led = LedState.LED_STATE_UNSPECIFIED;
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(Envelopes.goodbye(Goodbye.Reason.REASON_SHUTDOWN, "camera powering off"))
                    .addListener(f -> c.close());
            c.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        } else if (c != null) {
            c.close();
        }
    }
}
