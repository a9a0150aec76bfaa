package camcloud.cloud.ingest;

import camcloud.protocol.v1.Goodbye;

/** Why a camera's media was refused: the gateway sends it as a Goodbye and closes that connection. */
public record Rejection(Goodbye.Reason reason, String detail) {
}
