package camcloud.device.agent;

import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.identity.GatewayAddress;
import camcloud.device.uplink.MediaUplink;
import camcloud.device.uplink.UplinkHandler;
import camcloud.protocol.Envelopes;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.CameraStatus;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.LedState;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's cloud agent: dials out to the gateway (the camera listens on no port), keeps one
 * session up, and reconnects with exponential backoff and jitter whenever the session ends. Many
 * agents can share one event loop group, which is how {@code fleet} runs thousands of cameras in
 * one process.
 *
 * <p>Reconnecting ({@link Backoff}): while the upload buffer holds video the cloud has not
 * acknowledged — always, for a camera that was streaming — no wait is longer than
 * {@link AgentSettings#backoffAtRiskCap()} (3 s), so the camera is back within a few seconds of the
 * network and its buffer bridges the outage; a camera with nothing at risk backs off up to
 * {@link AgentSettings#backoffCap()} (60 s). Both waits are jittered, so a node's cameras that lost it
 * together come back spread out. A long wait is cut short when video starts piling up during it.
 *
 * <p>Several gateways ({@link CameraConfig#gateways()}): every redial goes to the next address in
 * turn, so a node that is down costs one failed dial, not the camera. The backoff grows over failed
 * dials whichever address they went to and starts again after a session that reached Welcome. The
 * cloud's Goodbye says how to come back: {@code REASON_DRAINING} ending a welcomed session (the node
 * is stopping gracefully) → dial the next address at once, after only a small jitter
 * ({@link Backoff#drainJitter()}), so the
 * upload buffer, which resends every unacknowledged unit on the new session, bridges the move
 * without a gap; {@code REASON_OVERLOADED} → back off, and the wait keeps growing across overloaded
 * sessions even when they reached Welcome.
 *
 * <p>With a video ring the agent also streams video ({@link MediaUplink}): it announces
 * {@value MediaUplink#CAPABILITY} in its Hello and streams when the Welcome announces it too. Each
 * agent is pinned to one event loop of the group, so its connections, its uplink timer and its upload
 * buffer share one thread and need no locks.
 */
public final class CloudAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudAgent.class);

    /** A Welcome capability: its settings are the whole of what the owner set (see {@link #acceptWelcomeSettings}). */
    public static final String WELCOME_SETTINGS_CAPABILITY = "settings.v1";

    private final CameraIdentity identity;
    private final CameraConfig config;
    private final AgentSettings settings;
    private final EventLoop loop;
    private final CommandHandler commands;
    private final SslContext ssl;
    private Backoff backoff;
    private final MediaUplink uplink;
    /**
     * Random per power-on (per agent, not per JVM: a fleet or a test powers cameras off and on in one
     * process). Media sequence numbers restart with it, so the cloud must see a new boot.
     */
    private final long bootId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private final long poweredOnNanos = System.nanoTime();

    private final EventOutbox events;
    private volatile List<String> announced = List.of();
    private volatile Supplier<Map<String, String>> reportedSettings = Map::of;
    private volatile Consumer<Map<String, String>> welcomeSettings = settings -> { };
    private volatile FirmwareOffers firmwareOffers;
    private volatile LedState led = LedState.LED_STATE_BOOTING;
    private volatile boolean stopped;
    private volatile Channel channel;
    private volatile long sessionsStarted;
    private boolean dialled;
    // The pending redial, on the loop: when it is due, and whether it was planned with video at risk.
    private long redialAtNanos;
    private boolean redialAtRisk;
    // The current session, on the loop: which gateway it dialled, whether it reached Welcome, and the
    // reason of the cloud's Goodbye (null: none came).
    private int gatewayIndex = -1;
    private boolean welcomedThisSession;
    private Goodbye.Reason goodbye;
    private volatile Consumer<Redial> redialObserver = redial -> { };

    /**
     * A redial the agent planned after a session ended or a dial failed.
     *
     * @param next    the gateway it will dial
     * @param delay   how long it waits first
     * @param goodbye the reason of the Goodbye that ended the session, or null when none came
     *                (a refused or lost connection)
     */
    public record Redial(GatewayAddress next, Duration delay, Goodbye.Reason goodbye) {
    }

    /** An agent without video: Hello, heartbeats and commands only. */
    public CloudAgent(CameraIdentity identity, CameraConfig config, AgentSettings settings, EventLoopGroup group,
                      CommandHandler commands) {
        this(identity, config, settings, group, commands, null);
    }

    /**
     * An agent that also streams the video the video application writes into {@code videoRing}
     * (null for none); the ring may appear later, for instance when the video application is another
     * process that starts after the agent.
     */
    public CloudAgent(CameraIdentity identity, CameraConfig config, AgentSettings settings, EventLoopGroup group,
                      CommandHandler commands, Path videoRing) {
        this.identity = identity;
        this.config = config;
        this.settings = settings;
        this.loop = group.next();
        this.commands = commands;
        this.ssl = AgentTls.forIdentity(identity);
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), settings.backoffAtRiskCap(),
                ThreadLocalRandom.current());
        this.uplink = videoRing == null ? null
                : new MediaUplink(videoRing, loop, settings.uploadBufferBytes(), settings.ringPollInterval(),
                        settings.uploadFramesPerSecond());
        this.events = new EventOutbox(loop, EventOutbox.DEFAULT_MAX_EVENTS, EventOutbox.DEFAULT_MAX_BYTES);
    }

    /**
     * Announces more capabilities in Hello (e.g. {@value EventOutbox#CAPABILITY}, {@code ptz.v1},
     * {@code image.v1}: what the camera's software found it can do); call before {@link #start()}.
     */
    public CloudAgent announce(String... capabilities) {
        List<String> all = new ArrayList<>(announced);
        for (String c : capabilities) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        announced = List.copyOf(all);
        return this;
    }

    /**
     * What {@code CameraStatus.settings} reports (the camera's settings and state); asked after every
     * Welcome and at each {@link #statusChanged()}.
     */
    public CloudAgent reportSettings(Supplier<Map<String, String>> settings) {
        this.reportedSettings = settings;
        return this;
    }

    /**
     * Takes the settings a Welcome carries from a cloud that announces
     * {@value #WELCOME_SETTINGS_CAPABILITY}: all the owner set, an absent key meaning the camera's
     * default. Called on the event loop before the session's first status.
     */
    public CloudAgent acceptWelcomeSettings(Consumer<Map<String, String>> handler) {
        this.welcomeSettings = handler;
        return this;
    }

    void onWelcomeSettings(Map<String, String> settings) {
        try {
            welcomeSettings.accept(settings);
        } catch (RuntimeException e) {
            log.warn("camera {}: the Welcome's settings were not applied: {}", identity.serial(), e.toString());
        }
    }

    /** Sends a fresh {@code CameraStatus} on the current session (none: the next Welcome sends one). */
    public void statusChanged() {
        send(Envelope.newBuilder().setStatus(status()).build());
    }

    /** The camera's status now. */
    CameraStatus status() {
        return CameraStatus.newBuilder()
                .setLed(led)
                .setUptimeMs(uptimeMillis())
                .setNetwork("virtual")
                .setFreeMemoryBytes(Runtime.getRuntime().freeMemory())
                .putAllSettings(reportedSettings.get())
                .build();
    }

    /** The camera's events on their way to the cloud; kept until acknowledged. */
    public EventOutbox events() {
        return events;
    }

    /**
     * Takes firmware offers the cloud pushes, and announces {@value FirmwareOffers#CAPABILITY}; call
     * before {@link #start()}. Without it the agent ignores offers (the system software then only
     * updates in recovery mode).
     */
    public CloudAgent acceptFirmwareOffers(FirmwareOffers handler) {
        this.firmwareOffers = handler;
        return this;
    }

    /**
     * Sends {@code envelope} on the current session (update progress, status); dropped when there
     * is none — the next session's Hello and status tell the cloud where the camera is.
     */
    public void send(Envelope envelope) {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(Frame.of(envelope));
        }
    }

    /**
     * Draws the backoff's jitter from {@code random} instead of a fresh random source (a test makes the
     * waits reproducible with a seeded one); call before {@link #start()}.
     */
    public CloudAgent jitterFrom(RandomGenerator random) {
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), settings.backoffAtRiskCap(), random);
        return this;
    }

    /** Tells {@code observer} (on the agent's event loop) of each redial the agent plans. */
    public CloudAgent observeRedials(Consumer<Redial> observer) {
        this.redialObserver = observer;
        return this;
    }

    /** Starts dialling (and, with video, taking video from the ring); returns at once. */
    public void start() {
        if (uplink != null) {
            uplink.start();
        }
        connect();
    }

    /** The video uplink, or null for an agent without video. */
    public MediaUplink uplink() {
        return uplink;
    }

    /** This power-on's boot id, sent in every Hello. */
    long bootId() {
        return bootId;
    }

    /** Milliseconds since this camera powered on. */
    long uptimeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - poweredOnNanos);
    }

    /** What this agent announces in Hello: the configured capabilities, plus media when it has video. */
    List<String> capabilities() {
        List<String> all = new ArrayList<>(settings.capabilities());
        for (String c : announced) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        if (uplink != null && !all.contains(MediaUplink.CAPABILITY)) {
            all.add(MediaUplink.CAPABILITY);
        }
        if (uplink != null && !all.contains(MediaUplink.EVENT_RECORDING_CAPABILITY)) {
            all.add(MediaUplink.EVENT_RECORDING_CAPABILITY); // its uplink records events only on demand
        }
        if (firmwareOffers != null && !all.contains(FirmwareOffers.CAPABILITY)) {
            all.add(FirmwareOffers.CAPABILITY);
        }
        return all;
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
        loop.schedule(this::dropConnection, millis, TimeUnit.MILLISECONDS);
    }

    /** Where the next dial leaves from: the next of the settings' source addresses, or anywhere. */
    private SocketAddress localAddress() {
        SourceAddresses from = settings.sourceAddresses();
        return from == null ? null : new InetSocketAddress(from.next(), 0);
    }

    /**
     * The port the TLS engine is told, which is only its session cache's key: the nodes of one cloud
     * share their ticket keys, so a session a camera got from one gateway of its list resumes on any
     * other on the same host name (nodes on one address with several ports, or one name for all). The
     * host name, which the certificate is checked against, is always the real one.
     */
    private int sessionPort(GatewayAddress gateway) {
        GatewayAddress first = config.gateways().get(0);
        return first.host().equals(gateway.host()) ? first.port() : gateway.port();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        if (dialled) {
            settings.meters().reconnect();
        }
        dialled = true;
        led = LedState.LED_STATE_CONNECTING;
        if (gatewayIndex < 0) {
            gatewayIndex = 0;
        }
        GatewayAddress gateway = config.gateways().get(gatewayIndex);
        welcomedThisSession = false;
        goodbye = null;
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long helloMillis = settings.helloTimeout().toMillis();
                        ch.pipeline()
                                .addLast("ssl", ssl.newHandler(ch.alloc(), gateway.host(), sessionPort(gateway)))
                                .addLast("idle", new IdleStateHandler(helloMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT));
                        if (uplink != null) {
                            ch.pipeline().addLast("uplink", new UplinkHandler(uplink));
                        }
                        ch.pipeline().addLast("session", new AgentSession(CloudAgent.this));
                    }
                })
                .connect(new InetSocketAddress(gateway.host(), gateway.port()), localAddress());
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("camera {}: cannot reach {}: {}", identity.serial(), gateway,
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
        GatewayAddress from = config.gateways().get(gatewayIndex);
        gatewayIndex = (gatewayIndex + 1) % config.gateways().size();
        redialAtRisk = videoAtRisk();
        Duration wait;
        if (goodbye == Goodbye.Reason.REASON_DRAINING && welcomedThisSession) {
            backoff.reset(); // the session was good and the cloud asked us to move: no failure to count
            wait = backoff.drainJitter();
        } else {
            // A node that refuses a new session because it is draining is a failed dial like any other:
            // it counts, or a camera behind one address would hammer a draining node until it exits.
            if (welcomedThisSession && goodbye != Goodbye.Reason.REASON_OVERLOADED) {
                backoff.reset();
            }
            wait = backoff.next(redialAtRisk);
        }
        redialAtNanos = System.nanoTime() + wait.toNanos();
        GatewayAddress next = config.gateways().get(gatewayIndex);
        log.info("camera {}: not connected to {}{}, dialling {} in {} ms{}", identity.serial(), from,
                goodbye == null ? "" : " (" + goodbye + ")", next, wait.toMillis(),
                redialAtRisk ? " (unacknowledged video waiting)" : "");
        try {
            redialObserver.accept(new Redial(next, wait, goodbye));
        } catch (RuntimeException e) {
            log.warn("camera {}: redial observer failed: {}", identity.serial(), e.toString());
        }
        awaitRedial();
    }

    /**
     * Dials when the redial is due, looking again every second meanwhile: a long wait planned with
     * nothing at risk is cut to an at-risk wait as soon as video piles up in the upload buffer.
     */
    private void awaitRedial() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (!redialAtRisk && videoAtRisk()) {
            redialAtRisk = true;
            redialAtNanos = Math.min(redialAtNanos, now + backoff.next(true).toNanos());
        }
        long left = redialAtNanos - now;
        if (left <= 0) {
            connect();
            return;
        }
        boolean mayBecomeAtRisk = uplink != null && !redialAtRisk; // else nothing can shorten the wait
        loop.schedule(this::awaitRedial, mayBecomeAtRisk ? Math.min(left, TimeUnit.SECONDS.toNanos(1)) : left,
                TimeUnit.NANOSECONDS);
    }

    private boolean videoAtRisk() {
        return uplink != null && uplink.videoAtRisk();
    }

    // ---- called by AgentSession on the channel's event loop ----

    void onWelcome() {
        welcomedThisSession = true;
        led = LedState.LED_STATE_ONLINE;
        sessionsStarted++;
    }

    /** The cloud ended the session with {@code reason}: decides how the agent comes back. */
    void onGoodbye(Goodbye.Reason reason) {
        goodbye = reason;
    }

    void onSessionError() {
        led = LedState.LED_STATE_ERROR;
    }

    CommandHandler commands() {
        return commands;
    }

    /** An offer arrived on a welcomed session; ignored when nobody takes offers. */
    void onFirmwareOffer(FirmwareOffer offer) {
        FirmwareOffers handler = firmwareOffers;
        if (handler != null) {
            handler.offered(offer);
        }
    }

    AgentSettings settings() {
        return settings;
    }

    /** The TLS handshake of a session completed; {@code resumed} when it resumed an earlier session. */
    void onHandshake(boolean resumed) {
        settings.meters().handshake(resumed);
    }

    /** A HeartbeatAck answered the heartbeat sent {@code nanos} ago. */
    void onHeartbeatRoundTrip(long nanos) {
        settings.meters().roundTrip(nanos);
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
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
        if (uplink != null) {
            uplink.close();
        }
        // Engines still open hold their own reference: the context goes when the last of them does.
        ReferenceCountUtil.release(ssl);
    }
}
