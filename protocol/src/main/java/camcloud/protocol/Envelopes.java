package camcloud.protocol;

import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;

/** Frames both sides send often enough to deserve a name. */
public final class Envelopes {

    private Envelopes() {
    }

    public static Frame goodbye(Goodbye.Reason reason, String detail) {
        return Frame.of(Envelope.newBuilder()
                .setGoodbye(Goodbye.newBuilder().setReason(reason).setDetail(detail))
                .build());
    }
}
