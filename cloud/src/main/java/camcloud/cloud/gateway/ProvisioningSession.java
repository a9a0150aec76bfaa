package camcloud.cloud.gateway;

import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.work.BlockingPool;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModels;
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
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
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
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{3,63}");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

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
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(request.getPublicKey().toByteArray()));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "device key must be EC P-256");
                return;
            }
        } catch (java.security.GeneralSecurityException e) {
            refuse(ctx, Goodbye.Reason.REASON_PROTOCOL_ERROR, "device public key is not valid DER");
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
        // Keys first: a trust directory that cannot be read fails provisioning before anything is registered.
        ProvisionResult.Builder result = ProvisionResult.newBuilder();
        List<TrustedKey> pinned = addFirmwareKeys(result, request.getSerial());
        X509Certificate cert = gateway.ca().issueDeviceCertificate(request.getSerial(), key);
        String claimCode = ClaimCode.generate();
        try {
            gateway.devices().register(new DeviceStore.Registration(request.getSerial(), request.getMac(),
                    request.getModel(), request.getPublicKey().toByteArray(), cert.getEncoded(), claimCode));
            recordPinnedKeys(request.getSerial(), pinned);
            return result
                    .setDeviceCertificate(ByteString.copyFrom(cert.getEncoded()))
                    .setClaimCode(claimCode)
                    .build();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("issued certificate cannot be encoded", e);
        }
    }

    /**
     * Adds the offer key and the trusted publishing keys (DER SubjectPublicKeyInfo), for the camera's
     * tech partition; returns the publishing keys.
     */
    private List<TrustedKey> addFirmwareKeys(ProvisionResult.Builder result, String serial) {
        FirmwareService firmware = gateway.firmware();
        if (firmware == null) {
            log.warn("camera {} will accept no firmware update: this node has no update service", serial);
            return List.of();
        }
        result.addOfferKeys(ByteString.copyFrom(firmware.signer().offerKey().publicKey().getEncoded()));
        List<TrustedKey> publishing = firmware.repository().trustedKeys();
        if (publishing.isEmpty()) {
            log.warn("camera {} will accept no firmware update: trust a publishing key before provisioning", serial);
        }
        for (TrustedKey k : publishing) {
            result.addBundleKeys(ByteString.copyFrom(k.publicKey().getEncoded()));
        }
        return publishing;
    }

    /**
     * Remembers which publishing keys the camera pins, so the cloud refuses a target it would refuse.
     * After the registration (a duplicate serial must not overwrite the keys of the camera that has
     * it); a failure here does not undo a registration the camera is about to rely on: the camera is
     * then like one provisioned before the cloud recorded keys (targets allowed with a warning).
     */
    private void recordPinnedKeys(String serial, List<TrustedKey> pinned) {
        FirmwareService firmware = gateway.firmware();
        if (firmware == null) {
            return;
        }
        try {
            firmware.recordPinnedKeys(serial, pinned);
        } catch (RuntimeException e) {
            log.warn("camera {}: its pinned publishing keys could not be recorded ({}); targets for it will be "
                    + "checked by the camera only", serial, e.getMessage());
        }
    }

    private static String validate(ProvisionRequest request) {
        if (!SERIAL.matcher(request.getSerial()).matches()) {
            return "serial must be 4-64 letters, digits or dashes";
        }
        if (!MAC.matcher(request.getMac()).matches()) {
            return "mac must look like 02:00:00:00:00:01";
        }
        if (!MODEL.matcher(request.getModel()).matches() || CameraModels.builtIn().find(request.getModel()).isEmpty()) {
            return "unknown camera model '" + CameraSession.truncate(request.getModel()) + "'; known: "
                    + String.join(", ", CameraModels.builtIn().ids());
        }
        return null;
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
