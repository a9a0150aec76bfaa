package camcloud.cloud.gateway;

import camcloud.cloud.control.CameraSettings;
import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Device;
import camcloud.cloud.event.EventIngest;
import camcloud.cloud.ingest.MediaIngest;
import camcloud.cloud.work.BlockingPool;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.MalformedFrame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.HeartbeatAck;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.LedState;
import camcloud.protocol.v1.Welcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated camera's session: Hello/Welcome, heartbeats, status, commands and their acks.
 *
 * <pre>{@code
 * pipeline.addLast("stranger", new StrangerGuard(...));     // until Welcome: deadline, small frames
 * pipeline.addLast("ssl", sslHandler);                       // TLS 1.3, camera certificate verified
 * pipeline.addLast("idle", new IdleStateHandler(...));       // from Welcome: missed heartbeats -> offline
 * pipeline.addLast("frameDecoder", new FrameDecoder(limits)); // widened to the media limit at Welcome
 * pipeline.addLast("frameEncoder", new FrameEncoder(limits));
 * pipeline.addLast("session", new CameraSession(...));       // this handler, added once TLS is up
 * }</pre>
 *
 * <p>Commands carry the caller's id and wait at most the caller's timeout: then the pending entry
 * is removed and an ack that comes later is ignored and counted ({@link GatewayStats#lateCommandAcks}).
 * With camera control on the node ({@link GatewayContext#control}), the Welcome carries the owner's
 * settings ({@code settings.v1}) and every {@code CameraStatus.settings} is handed to it (it never
 * blocks: the reports are written off the event loop).
 *
 * <p>Media frames (StreamConfig, MediaUnit, MediaGap) go to this session's {@link MediaIngest} once
 * the camera is welcomed; they have their own budget there instead of the control-frame flood guard.
 * Event frames (CameraEvent, with a snapshot as payload) go to its {@link EventIngest} once welcomed,
 * under the flood guard; before Welcome they are a protocol error like any frame but Hello.
 *
 * <p>Ownership: every {@link Frame} read is released here. Runs on the channel's event loop; the
 * database lookup for Hello runs on the gateway's blocking executor and hops back.
 * {@link CameraConnection} methods may be called from any thread.
 */
final class CameraSession extends ChannelInboundHandlerAdapter implements CameraConnection {

    private static final Logger log = LoggerFactory.getLogger(CameraSession.class);
    private static final int MAX_TEXT = 256;
    /** A camera that announces it takes firmware offers unasked (after Welcome, on a new target). */
    static final String FIRMWARE_CAPABILITY = "firmware.v1";
    /** What this cloud offers; a camera uses a feature only when both announced it. */
    static final List<String> CLOUD_CAPABILITIES = List.of("commands.v1", "media.v1", FIRMWARE_CAPABILITY);
    /** Announced in Welcome by a node with an event store. */
    static final String EVENTS_CAPABILITY = "events.v1";

    private enum State { AWAITING_HELLO, VERIFYING, ACTIVE, CLOSED }

    private final GatewayContext gateway;
    private final String certifiedSerial;
    /** The certificate the camera presented (DER), until its Hello was checked against the registry. */
    private byte[] certificate;
    private final boolean resumed;
    private final String sessionId = UUID.randomUUID().toString();
    private final ConcurrentHashMap<Long, CompletableFuture<CommandAck>> pendingCommands = new ConcurrentHashMap<>();

    private State state = State.AWAITING_HELLO;
    private Channel channel;
    private FloodGuard floodGuard;
    /** Made at the first media or event frame (an idle camera holds none), or at Welcome for a camera
     *  that records on events (it is told when viewers want its video). */
    private MediaIngest media;
    /** What {@link #media} and {@link #events} are made from, until they are. */
    private Hello hello;
    private long helloArrivalMicros;
    private FirmwareExchange firmware;
    /** Made with {@link #media}; stays null on a node without an event store. */
    private EventIngest events;
    private long unknownFrames;
    private volatile boolean drainTold;

    private volatile String model = "";
    private volatile String firmwareVersion = "";
    private volatile String remoteAddress = "";
    private volatile long connectedAt;
    private volatile long lastSeen;
    private volatile LedState led = LedState.LED_STATE_UNSPECIFIED;
    private volatile Set<String> capabilities = Set.of();
    /** The camera announced {@value #FIRMWARE_CAPABILITY}: it takes offers it did not ask for. */
    private boolean takesOffers;

    /**
     * What the blocking lookup after Hello found: the registered device, the camera's target version,
     * and the settings its owner set.
     */
    private record HelloLookup(Optional<Device> device, Optional<String> target, Map<String, String> settings) {
        static final HelloLookup FAILED = new HelloLookup(Optional.empty(), Optional.empty(), Map.of());
    }

    /** @param resumed the TLS handshake resumed an earlier session (counted once the camera is welcomed) */
    CameraSession(GatewayContext gateway, String certifiedSerial, byte[] certificate, boolean resumed) {
        this.gateway = gateway;
        this.certifiedSerial = certifiedSerial;
        this.certificate = certificate;
        this.resumed = resumed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remoteAddress = describe(channel);
        connectedAt = System.currentTimeMillis();
        lastSeen = connectedAt;
        floodGuard = new FloodGuard(gateway.settings().controlFramesPerSecond(), System.nanoTime());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MalformedFrame malformed) {
                if (state == State.AWAITING_HELLO) {
                    gateway.stats().count(GatewayStats.Closed.MALFORMED_FRAME);
                }
                log.warn("camera {} at {}: malformed frame, closing: {}", certifiedSerial, remoteAddress,
                        malformed.reason());
                close(Goodbye.Reason.REASON_PROTOCOL_ERROR, malformed.reason());
            } else if (msg instanceof Frame frame && state != State.CLOSED) {
                if (state == State.ACTIVE && gateway.events() != null && EventIngest.carries(frame.header())) {
                    startMedia();
                    if (!floodGuard.tryAcquire(System.nanoTime())) {
                        close(Goodbye.Reason.REASON_RATE_LIMITED, "too many frames");
                        return;
                    }
                    lastSeen = System.currentTimeMillis();
                    events.accept(frame).ifPresent(rejection -> close(rejection.reason(), rejection.detail()));
                    return;
                }
                if (state == State.ACTIVE && MediaIngest.carries(frame.header())) {
                    lastSeen = System.currentTimeMillis();
                    startMedia();
                    media.accept(frame).ifPresent(rejection -> close(rejection.reason(), rejection.detail()));
                    return;
                }
                if (!floodGuard.tryAcquire(System.nanoTime())) {
                    log.warn("camera {} at {}: more than {} frames/s, closing", certifiedSerial, remoteAddress,
                            gateway.settings().controlFramesPerSecond());
                    close(Goodbye.Reason.REASON_RATE_LIMITED, "too many frames");
                    return;
                }
                lastSeen = System.currentTimeMillis();
                onFrame(frame.header());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFrame(Envelope envelope) {
        switch (state) {
            case AWAITING_HELLO -> {
                if (envelope.getBodyCase() != Envelope.BodyCase.HELLO) {
                    close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "first frame must be Hello, was "
                            + envelope.getBodyCase());
                    return;
                }
                onHello(envelope.getHello());
            }
            case VERIFYING -> close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "frame before Welcome");
            case ACTIVE -> onActiveFrame(envelope);
            case CLOSED -> { }
        }
    }

    private void onHello(Hello hello) {
        if (!hello.getSerial().equals(certifiedSerial)) {
            log.warn("SECURITY camera {} at {} said Hello as serial '{}': refused (certificate and serial differ)",
                    certifiedSerial, remoteAddress, truncate(hello.getSerial()));
            close(Goodbye.Reason.REASON_UNAUTHENTICATED, "serial does not match the certificate");
            return;
        }
        if (!ProtocolVersion.isSupported(hello.getProtocolVersion())) {
            close(Goodbye.Reason.REASON_UNSUPPORTED_VERSION, "protocol version " + hello.getProtocolVersion()
                    + " is not supported; oldest supported is " + ProtocolVersion.OLDEST_SUPPORTED);
            return;
        }
        if (hello.getModel().length() > MAX_TEXT || hello.getFirmwareVersion().length() > MAX_TEXT) {
            close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "Hello fields too long");
            return;
        }
        state = State.VERIFYING;
        helloArrivalMicros = gateway.media().clockMicros().getAsLong(); // the camera's clock reading is of now
        byte[] presented = certificate;
        certificate = null;
        boolean offers = hello.getCapabilitiesList().contains(FIRMWARE_CAPABILITY) && gateway.firmware() != null;
        CompletableFuture<HelloLookup> lookup;
        try {
            lookup = CompletableFuture.supplyAsync(() -> {
                Optional<Device> device = gateway.devices().findBySerial(certifiedSerial);
                if (device.isPresent()) {
                    gateway.media().timelines().refresh(certifiedSerial); // it may come from another node
                }
                return new HelloLookup(device, offers && device.isPresent() ? target() : Optional.empty(),
                        device.isPresent() ? desiredSettings() : Map.of());
            }, gateway.blocking());
        } catch (RejectedExecutionException full) {
            overloaded("device lookup", full);
            return;
        }
        lookup.whenComplete((found, error) -> channel.eventLoop().execute(
                () -> onDeviceLookup(hello, presented, found == null ? HelloLookup.FAILED : found, offers, error)));
    }

    /**
     * The blocking pool is full: the camera is told to come back later (it backs off), rather than
     * have its database work run on this event loop. The pool counted the rejection.
     */
    private void overloaded(String what, Throwable rejection) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> overloaded(what, rejection));
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        log.debug("camera {} at {}: {} refused, node overloaded ({}); told to retry later", certifiedSerial,
                remoteAddress, what, rejection.getMessage());
        close(Goodbye.Reason.REASON_OVERLOADED, "retry later");
    }

    /** The camera's target version; runs on the blocking executor, a failure only costs the hint in Welcome. */
    private Optional<String> target() {
        try {
            return gateway.firmware().target(certifiedSerial);
        } catch (RuntimeException e) {
            log.warn("camera {}: target version lookup failed: {}", certifiedSerial, e.toString());
            return Optional.empty();
        }
    }

    /** The owner's settings for Welcome; runs on the blocking executor, a failure only costs the catch-up. */
    private Map<String, String> desiredSettings() {
        if (gateway.control() == null) {
            return Map.of();
        }
        try {
            return gateway.control().desired(certifiedSerial);
        } catch (RuntimeException e) {
            log.warn("camera {}: settings lookup failed: {}", certifiedSerial, e.toString());
            return Map.of();
        }
    }

    private void onDeviceLookup(Hello hello, byte[] presented, HelloLookup lookup, boolean offers, Throwable error) {
        Optional<Device> device = lookup.device();
        Optional<String> target = lookup.target();
        if (state != State.VERIFYING) {
            return;
        }
        if (error != null && BlockingPool.isRejection(error)) {
            overloaded("device lookup", error);
            return;
        }
        if (error != null) {
            log.warn("camera {}: device lookup failed: {}", certifiedSerial, error.toString());
            close(Goodbye.Reason.REASON_OVERLOADED, "cloud is unavailable, retry later"); // back off, then again
            return;
        }
        if (device.isEmpty() || !Arrays.equals(device.get().certificate(), presented)) {
            log.warn("SECURITY camera {} at {}: certificate is not the one registered for this serial; refused",
                    certifiedSerial, remoteAddress);
            close(Goodbye.Reason.REASON_UNAUTHENTICATED, "certificate not registered");
            return;
        }
        model = hello.getModel().isEmpty() ? device.get().model() : hello.getModel();
        firmwareVersion = hello.getFirmwareVersion();
        capabilities = Set.copyOf(hello.getCapabilitiesList());
        takesOffers = offers;
        state = State.ACTIVE;
        this.hello = hello;
        if (hello.getCapabilitiesList().contains(MediaIngest.EVENT_RECORDING_CAPABILITY)) {
            startMedia(); // it sends video only when told that viewers want it: it must be told from now on
        }
        firmware = new FirmwareExchange(certifiedSerial, model, channel, gateway,
                rejection -> overloaded("firmware work", rejection));
        GatewaySettings settings = gateway.settings();
        // No stranger any more: video frames may be as large as the media limit from the next frame on,
        // and from now on missed heartbeats, not the strangers' deadline, decide when it is gone.
        StrangerGuard.authenticated(channel);
        channel.pipeline().get(FrameDecoder.class).limits(settings.frameLimits());
        channel.pipeline().addBefore("frameDecoder", "idle",
                new IdleStateHandler(settings.offlineAfter().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Welcome.Builder welcome = Welcome.newBuilder()
                .setProtocolVersion(Math.min(hello.getProtocolVersion(), ProtocolVersion.CURRENT))
                .setSessionId(sessionId)
                .setServerTimeMs(System.currentTimeMillis())
                .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())
                .setHeartbeatTolerance(settings.heartbeatTolerance())
                .addAllCapabilities(CLOUD_CAPABILITIES);
        if (gateway.events() != null) {
            welcome.addCapabilities(EVENTS_CAPABILITY); // this node stores events and acknowledges them
        }
        if (gateway.control() != null) {
            // The whole of what the owner set: a camera that was reset, or missed a change, catches up.
            welcome.addCapabilities(CameraSettings.WELCOME_CAPABILITY).putAllSettings(lookup.settings());
        }
        target.filter(t -> !t.equals(firmwareVersion)).ifPresent(welcome::setTargetFirmware);
        // Findable before the camera hears Welcome, so "online" means the same on both sides. A command
        // sent through presence meanwhile is queued on this event loop, behind the Welcome.
        gateway.presence().connected(this).ifPresent(previous -> {
            log.info("camera {} reconnected from {}; closing its previous session from {}", certifiedSerial,
                    remoteAddress, previous.remoteAddress());
            previous.close("replaced by a newer connection");
        });
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setWelcome(welcome).build()));
        gateway.stats().welcomed(resumed);
        if (takesOffers) {
            // Queued after the Welcome and after this session is findable for a new target: the offer
            // reads the target again, so a target set in between is not missed.
            firmware.offerUnasked(firmwareVersion);
        }
        log.info("camera {} online from {} (model {}, firmware {}, session {})", certifiedSerial, remoteAddress,
                model, truncate(firmwareVersion), sessionId);
    }

    /**
     * The camera's media and event intake, made once: at its first media or event frame, so that an
     * idle camera holds neither (nor a timeline); the clock reading of its Hello is given then, as
     * it would have been at Welcome.
     */
    private void startMedia() {
        if (media != null) {
            return;
        }
        media = new MediaIngest(certifiedSerial, hello, helloArrivalMicros, channel, gateway.media(),
                rejection -> channel.eventLoop().execute(() -> close(rejection.reason(), rejection.detail())));
        if (gateway.events() != null) {
            events = new EventIngest(certifiedSerial, hello.getBootId(),
                    gateway.media().timelines().of(certifiedSerial), gateway.media().clockMicros(), channel,
                    gateway.events(), gateway.blocking())
                    .onOverload(rejection -> overloaded("event storage", rejection));
        }
        hello = null;
    }

    /**
     * An operator set this camera's target: if the camera takes offers unasked, sends it the signed
     * offer now. Callable from any thread.
     */
    void targetChanged() {
        channel.eventLoop().execute(() -> {
            if (state == State.ACTIVE && takesOffers) {
                firmware.offerUnasked(firmwareVersion);
            }
        });
    }

    private void onActiveFrame(Envelope envelope) {
        switch (envelope.getBodyCase()) {
            case HEARTBEAT -> channel.writeAndFlush(Frame.of(Envelope.newBuilder().setHeartbeatAck(
                    HeartbeatAck.newBuilder()
                            .setSequence(envelope.getHeartbeat().getSequence())
                            .setServerTimeMs(System.currentTimeMillis())).build()));
            case STATUS -> {
                led = envelope.getStatus().getLed();
                if (gateway.control() != null && envelope.getStatus().getSettingsCount() > 0) {
                    gateway.control().reported(certifiedSerial, envelope.getStatus().getSettingsMap());
                }
            }
            case COMMAND_ACK -> {
                CommandAck ack = envelope.getCommandAck();
                CompletableFuture<CommandAck> pending = pendingCommands.remove(ack.getId());
                if (pending != null) {
                    pending.complete(ack);
                } else {
                    // It timed out (the caller was told so), or the camera made the id up: ignore it.
                    gateway.stats().lateCommandAck();
                    log.debug("camera {}: ack of command {} that is not waiting; ignored", certifiedSerial,
                            ack.getId());
                }
            }
            case GOODBYE -> {
                log.info("camera {} says goodbye: {} {}", certifiedSerial, envelope.getGoodbye().getReason(),
                        truncate(envelope.getGoodbye().getDetail()));
                state = State.CLOSED;
                channel.close();
            }
            case FIRMWARE_CHECK, UPDATE_PROGRESS -> firmware.accept(envelope);
            case CAMERA_EVENT -> { } // a node without an event store: not acknowledged, the camera keeps it
            case HELLO -> close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "second Hello");
            case BODY_NOT_SET -> {
                // A newer camera's message this cloud does not know: skip it (compatibility rule).
                if (unknownFrames++ == 0) {
                    log.info("camera {} sent a message type this cloud does not know; skipping such messages",
                            certifiedSerial);
                }
            }
            default -> close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "unexpected " + envelope.getBodyCase());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == StrangerGuard.Event.DEADLINE_PASSED) {
            deadlinePassed();
        } else if (evt instanceof IdleStateEvent) {
            log.info("camera {} at {}: no frame for {} ms, offline", certifiedSerial, remoteAddress,
                    gateway.settings().offlineAfter().toMillis());
            state = State.CLOSED;
            ctx.close();
        }
    }

    /** The connection did not authenticate within the strangers' deadline. */
    private void deadlinePassed() {
        long seconds = Math.max(1, gateway.settings().strangers().deadline().toSeconds());
        if (state == State.AWAITING_HELLO) {
            log.info("camera {} at {}: no Hello within {} s; closing", certifiedSerial, remoteAddress, seconds);
            close(Goodbye.Reason.REASON_PROTOCOL_ERROR, "no Hello within " + seconds + " s");
        } else if (state == State.VERIFYING) {
            // The camera did its part; the registry lookup did not answer in time.
            log.warn("camera {} at {}: device lookup took more than {} s; closing", certifiedSerial, remoteAddress,
                    seconds);
            close(Goodbye.Reason.REASON_OVERLOADED, "cloud is busy, retry later");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        if (gateway.presence().disconnected(this)) { // its last sighting is written in a batch (SightingFlusher)
            log.info("camera {} offline (session {})", certifiedSerial, sessionId);
        }
        if (media != null) {
            media.closed();
        }
        pendingCommands.values().forEach(f -> f.completeExceptionally(
                new IllegalStateException("camera disconnected before acknowledging")));
        pendingCommands.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("camera {} at {}: connection error, closing: {}", certifiedSerial, remoteAddress, cause.toString());
        state = State.CLOSED;
        ctx.close();
    }

    private void close(Goodbye.Reason reason, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.ACTIVE) {
            gateway.stats().refused(); // a handshake that did not end in Welcome
        }
        state = State.CLOSED;
        Goodbyes.sayAndClose(channel, reason, detail);
    }

    // ---- CameraConnection: callable from any thread ----

    @Override
    public CompletableFuture<CommandAck> send(Command command, Duration timeout) {
        if (pendingCommands.size() >= gateway.settings().maxPendingCommands()) {
            return CompletableFuture.failedFuture(new RejectedExecutionException(
                    "camera has " + gateway.settings().maxPendingCommands() + " unacknowledged commands already"));
        }
        long id = command.getId();
        CompletableFuture<CommandAck> ack = new CompletableFuture<>();
        if (pendingCommands.putIfAbsent(id, ack) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("command " + id + " is already waiting"));
        }
        long millis = timeout.toMillis();
        channel.eventLoop().schedule(() -> {
            if (pendingCommands.remove(id, ack)) {
                ack.completeExceptionally(new TimeoutException("camera did not acknowledge within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setCommand(command).build()))
                .addListener(f -> {
                    if (!f.isSuccess() && pendingCommands.remove(id, ack)) {
                        ack.completeExceptionally(new IllegalStateException("could not send the command"));
                    }
                });
        return ack;
    }

    @Override
    public int pendingCommands() {
        return pendingCommands.size();
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public void close(String detail) {
        channel.eventLoop().execute(() -> close(Goodbye.Reason.REASON_REPLACED, detail));
    }

    /**
     * The node drains: the camera is told to reconnect elsewhere now and resend what was not
     * acknowledged. Callable from any thread; true the first time.
     */
    boolean drain() {
        if (drainTold) {
            return false;
        }
        drainTold = true;
        channel.eventLoop().execute(() -> close(Goodbye.Reason.REASON_DRAINING,
                "node is stopping; reconnect now and resend what was not acknowledged"));
        return true;
    }

    @Override
    public String serial() {
        return certifiedSerial;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String firmwareVersion() {
        return firmwareVersion;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public long connectedAtMillis() {
        return connectedAt;
    }

    @Override
    public long lastSeenMillis() {
        return lastSeen;
    }

    @Override
    public LedState led() {
        return led;
    }

    static String describe(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }

    /** Camera-supplied text in logs: bounded and without control characters. */
    static String truncate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
