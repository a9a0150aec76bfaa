package camcloud.cloud.gateway;

import camcloud.cloud.firmware.FirmwareService;
import camcloud.protocol.Frame;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.FirmwareOffer;
import io.netty.channel.Channel;
import camcloud.cloud.work.BlockingPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A welcomed camera's firmware messages, for its {@link CameraSession}: {@code FirmwareCheck} is
 * answered with one {@code FirmwareOffer} (signed, or empty when there is nothing to install or no
 * update service on this node), {@code UpdateProgress} is recorded. The database work runs on the
 * gateway's blocking executor; the answer is written from there (Netty writes are thread-safe).
 * At most one check is in flight per session: a camera that floods checks gets answers in turn,
 * never a pile of queued database work. {@link #offerUnasked} queues in the same line the offer a
 * camera that announced {@code firmware.v1} gets without asking (after its Welcome, on a new target).
 * When the blocking pool is full the work is not run anywhere else: the session is told, and says
 * Goodbye OVERLOADED (the camera asks again after it reconnects).
 */
final class FirmwareExchange {

    private static final Logger log = LoggerFactory.getLogger(FirmwareExchange.class);

    private final String serial;
    private final String model;
    private final Channel channel;
    private final GatewayContext gateway;
    private final Consumer<Throwable> overloaded;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /** {@code overloaded} is told when the blocking pool refused the work (the session says retry later). */
    FirmwareExchange(String serial, String model, Channel channel, GatewayContext gateway,
                     Consumer<Throwable> overloaded) {
        this.serial = serial;
        this.model = model;
        this.channel = channel;
        this.gateway = gateway;
        this.overloaded = overloaded;
    }

    /**
     * Sends the signed offer for the camera's target, if it has one it does not run ({@code
     * runningVersion} as its Hello said); nothing otherwise. Runs on the event loop.
     */
    void offerUnasked(String runningVersion) {
        FirmwareService firmware = gateway.firmware();
        if (firmware == null) {
            return;
        }
        queue("unasked offer", () -> firmware.unaskedOffer(serial, model, runningVersion).ifPresent(offer -> {
            log.info("camera {}: offering firmware {} (it runs {})", serial, offer.getVersion(),
                    CameraSession.truncate(runningVersion));
            channel.writeAndFlush(Frame.of(Envelope.newBuilder().setFirmwareOffer(offer).build()));
        }));
    }

    /** Takes a FIRMWARE_CHECK or UPDATE_PROGRESS envelope; runs on the event loop. */
    void accept(Envelope envelope) {
        FirmwareService firmware = gateway.firmware();
        Runnable work = switch (envelope.getBodyCase()) {
            case FIRMWARE_CHECK -> () -> {
                FirmwareOffer offer = firmware == null ? FirmwareOffer.getDefaultInstance()
                        : firmware.answer(serial, model, envelope.getFirmwareCheck());
                channel.writeAndFlush(Frame.of(Envelope.newBuilder().setFirmwareOffer(offer).build()));
            };
            case UPDATE_PROGRESS -> () -> {
                if (firmware != null) {
                    firmware.progress(serial, envelope.getUpdateProgress());
                }
            };
            default -> throw new IllegalArgumentException("not a firmware message: " + envelope.getBodyCase());
        };
        queue(envelope.getBodyCase().toString(), work);
    }

    /** On the event loop. A full blocking pool refuses at once or when the work before it ends. */
    private void queue(String what, Runnable work) {
        CompletableFuture<Void> next;
        try {
            next = last.thenRunAsync(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("camera {}: firmware {} failed: {}", serial, what, e.toString());
                }
            }, gateway.blocking());
        } catch (RejectedExecutionException full) {
            overloaded.accept(full);
            return;
        }
        last = next.whenComplete((v, error) -> {
            if (error != null && BlockingPool.isRejection(error)) {
                overloaded.accept(error);
            }
        }).exceptionally(error -> null);
    }
}
