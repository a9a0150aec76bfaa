package camcloud.device.video;

import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.Size;

/**
 * Picture-level rate control for JCodec's H.264 encoder, which has none that targets a bitrate: one
 * QP per picture, chosen from the running balance between bits spent and bits budgeted
 * ({@code bitrate / fps} per frame). Spent more than a quarter-second of budget: QP goes up; saved as
 * much: QP goes down; IDR pictures get a QP 2 lower than P pictures, as encoders usually do.
 * Macroblocks are never re-encoded ({@link #accept} returns 0), so the cost of a picture is one pass.
 *
 * <p>This is a target for the average, not CBR: single pictures (IDRs above all) may be far above
 * {@code bitrate / fps}. The encoder tells it each picture's size with {@link #pictureDone(int)}.
 */
final class FrameBudgetRateControl implements RateControl {

    static final int MIN_QP = 12;
    static final int MAX_QP = 36;
    private static final int START_QP = 28;

    private final double budgetBitsPerFrame;
    private final double slackBits;
    private double balanceBits;
    private int qp = START_QP;

    FrameBudgetRateControl(int bitrateKbps, int fps) {
        this.budgetBitsPerFrame = bitrateKbps * 1000.0 / fps;
        this.slackBits = bitrateKbps * 1000.0 / 4;
    }

    @Override
    public int startPicture(Size size, int maxSize, SliceType sliceType) {
        return sliceType == SliceType.I ? Math.max(MIN_QP, qp - 2) : qp;
    }

    @Override
    public int initialQpDelta() {
        return 0;
    }

    @Override
    public int accept(int bits) {
        return 0;
    }

    /** Books a finished picture and picks the QP of the next one. */
    void pictureDone(int bytes) {
        balanceBits += bytes * 8.0 - budgetBitsPerFrame;
        // no wind-up: a long easy stretch at MIN_QP must not make the next hard one ignore the budget
        balanceBits = Math.max(-8 * slackBits, Math.min(8 * slackBits, balanceBits));
        if (balanceBits > slackBits) {
            qp = Math.min(MAX_QP, qp + (balanceBits > 4 * slackBits ? 2 : 1));
        } else if (balanceBits < -slackBits) {
            qp = Math.max(MIN_QP, qp - (balanceBits < -4 * slackBits ? 2 : 1));
        }
    }

    /** Forgets the balance but keeps the QP it settled on: used after a discarded warm-up pass. */
    void resetBalance() {
        balanceBits = 0;
    }

    int qp() {
        return qp;
    }
}
