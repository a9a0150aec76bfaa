package camcloud.cloud.gateway;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.provisioning.CameraChecks;
import camcloud.cloud.provisioning.NewCamera;
import camcloud.cloud.provisioning.Registrar;
import camcloud.cloud.work.BlockingPool;
import camcloud.protocol.Frame;
import camcloud.protocol.MalformedFrame;
import camcloud.protocol.ProvisioningProof;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.ProvisionChallenge;
import camcloud.protocol.v1.ProvisionHello;
import camcloud.protocol.v1.ProvisionRequest;
import camcloud.protocol.v1.ProvisionResult;
import com.google.protobuf.ByteString;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Factory provisioning on a connection that presented no camera certificate: the token handshake of
 * {@link ProvisioningProof}, then a device certificate and a claim code for the new camera, and the
 * firmware trust anchors the factory pins into it: this node's offer key and every publishing key
 * it trusts (none on a node without an update service).
 *
 * <pre>{@code
 * pipeline.addLast("stranger", new StrangerGuard(...)); // until the operator token is proven
 * pipeline.addLast("ssl", sslHandler);        // TLS 1.3, no client certificate
 * pipeline.addLast("frameDecoder", ...);      // the strangers' frame limit, for the whole session
 * pipeline.addLast("frameEncoder", ...);
 * pipeline.addLast("provisioning", new ProvisioningSession(gateway));
 * }</pre>
 *
 * <p>The connection is a stranger until its request proves the operator token: the TLS handshake,
 * ProvisionHello and ProvisionRequest must all come within the strangers' deadline. Then the
 * registration may take the time it needs, and the connection closes after the result.
 *
 * <p>Ownership: releases every frame it reads. One registration per connection.
 */
final class ProvisioningSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { AWAITING_HELLO, CHALLENGED, REGISTERING, DONE }

    private final GatewayContext gateway;
    private State state = State.AWAITING_HELLO;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private String remote;

    ProvisioningSession(GatewayContext gateway) {
        this.gateway = gateway;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        remote = CameraSession.describe(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MalformedFrame malformed) {
                if (state != State.DONE) {
                    gateway.stats().count(GatewayStats.Closed.MALFORMED_FRAME);
                    log.info("provisioning connection from {}: {}; closing", remote, malformed.reason());
                }
                refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, malformed.reason());
            } else if (msg instanceof Frame frame && state != State.DONE) {
                onFrame(ctx, frame.header());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFrame(ChannelHandlerContext ctx, Envelope envelope) {
        if (state == State.AWAITING_HELLO && envelope.getBodyCase() == Envelope.BodyCase.PROVISION_HELLO) {
            onHello(ctx, envelope.getProvisionHello());
        } else if (state == State.CHALLENGED && envelope.getBodyCase() == Envelope.BodyCase.PROVISION_REQUEST) {
            onRequest(ctx, envelope.getProvisionRequest());
        } else if (envelope.getBodyCase() == Envelope.BodyCase.HELLO) {
            refuse(ctx, Goodbye.Reason.REASON_UNAUTHENTICATED, "a camera must present its device certificate");
        } else {
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "unexpected " + envelope.getBodyCase()
                    + " during provisioning");
        }
    }

    private void onHello(ChannelHandlerContext ctx, ProvisionHello hello) {
        if (hello.getClientNonce().size() != ProvisioningProof.NONCE_BYTES) {
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "client nonce must be "
                    + ProvisioningProof.NONCE_BYTES + " bytes");
            return;
        }
        clientNonce = hello.getClientNonce().toByteArray();
        serverNonce = new byte[ProvisioningProof.NONCE_BYTES];
        RANDOM.nextBytes(serverNonce);
        byte[] ca;
        try {
            ca = gateway.ca().certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            refuse(ctx, Goodbye.Reason.REASON_SHUTDOWN, "platform CA unavailable");
            return;
        }
        state = State.CHALLENGED;
        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setProvisionChallenge(ProvisionChallenge.newBuilder()
                .setServerNonce(ByteString.copyFrom(serverNonce))
                .setPlatformCa(ByteString.copyFrom(ca))
                .setServerProof(ByteString.copyFrom(ProvisioningProof.server(gateway.operatorToken(), clientNonce,
                        serverNonce, ca)))).build()));
    }

    private void onRequest(ChannelHandlerContext ctx, ProvisionRequest request) {
        byte[] expected = ProvisioningProof.client(gateway.operatorToken(), clientNonce, serverNonce,
                request.getSerial(), request.getPublicKey().toByteArray());
        if (!ProvisioningProof.matches(expected, request.getClientProof().toByteArray())) {
            log.warn("SECURITY provisioning from {} refused: wrong operator token", remote);
            refuse(ctx, Goodbye.Reason.REASON_UNAUTHENTICATED, "operator token is not valid");
            return;
        }
        // The peer knows the operator token: the factory, no stranger (its frames stay small).
        StrangerGuard.authenticated(ctx.channel());
        String problem = validate(request);
        if (problem != null) {
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, problem);
            return;
        }
        PublicKey key = CameraChecks.deviceKey(request.getPublicKey().toByteArray()).orElse(null);
        if (key == null) {
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "device key must be EC P-256 (DER SubjectPublicKeyInfo)");
            return;
        }
        state = State.REGISTERING;
        CompletableFuture<ProvisionResult> registered;
        try {
            registered = CompletableFuture.supplyAsync(() -> register(request, key), gateway.blocking());
        } catch (RejectedExecutionException full) {
            overloaded(ctx, request, full);
            return;
        }
        registered.whenComplete((result, error) -> ctx.executor().execute(() -> {
                    if (error != null && BlockingPool.isRejection(error)) {
                        overloaded(ctx, request, error);
                        return;
                    }
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        boolean duplicate = cause instanceof DeviceStore.DuplicateSerialException;
                        log.warn("provisioning of {} from {} failed: {}", request.getSerial(), remote,
                                cause.getMessage());
                        refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR,
                                duplicate ? cause.getMessage() : "registration failed");
                        return;
                    }
                    state = State.DONE;
                    log.info("provisioned camera {} (model {}) from {}", request.getSerial(), request.getModel(),
                            remote);
                    // One registration per connection: the exchange is over once the result is out.
                    ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setProvisionResult(result).build()))
                            .addListener(ChannelFutureListener.CLOSE);
                }));
    }

    /** The blocking pool is full: the factory station is told to retry later; nothing was registered. */
    private void overloaded(ChannelHandlerContext ctx, ProvisionRequest request, Throwable rejection) {
        log.debug("provisioning of {} from {} refused, node overloaded ({}); told to retry later",
                request.getSerial(), remote, rejection.getMessage());
        refuse(ctx, Goodbye.Reason.REASON_OVERLOADED, "retry later");
    }

    private ProvisionResult register(ProvisionRequest request, PublicKey key) {
        Registrar.Registered registered = new Registrar(gateway.ca(), gateway.devices(), gateway.firmware())
                .register(new NewCamera(request.getSerial(), request.getMac(), request.getModel(),
                        request.getPublicKey().toByteArray()), key);
        Registrar.Issued camera = registered.cameras().get(0);
        ProvisionResult.Builder result = ProvisionResult.newBuilder()
                .setDeviceCertificate(ByteString.copyFrom(camera.certificate()))
                .setClaimCode(camera.claimCode());
        registered.anchors().offerKeys().forEach(k -> result.addOfferKeys(ByteString.copyFrom(k)));
        registered.anchors().bundleKeys().forEach(k -> result.addBundleKeys(ByteString.copyFrom(k)));
        return result.build();
    }

    private static String validate(ProvisionRequest request) {
        return CameraChecks.problem(request.getSerial(), request.getMac(), request.getModel()).orElse(null);
    }

    private void refuse(ChannelHandlerContext ctx, Goodbye.Reason reason, String detail) {
        if (state == State.DONE) {
            return; // already answered; the connection is closing
        }
        state = State.DONE;
        Goodbyes.sayAndClose(ctx.channel(), reason, detail);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != StrangerGuard.Event.DEADLINE_PASSED) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (state == State.AWAITING_HELLO || state == State.CHALLENGED) {
            long seconds = Math.max(1, gateway.settings().strangers().deadline().toSeconds());
            log.info("provisioning connection from {}: no provisioning request within {} s; closing", remote,
                    seconds);
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "no provisioning request within " + seconds + " s");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("provisioning connection from {} failed: {}", remote, cause.toString());
        ctx.close();
    }
}
