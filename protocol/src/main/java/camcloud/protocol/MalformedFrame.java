package camcloud.protocol;

/**
 * Emitted once by {@link FrameDecoder} when the peer's byte stream breaks the framing. The session
 * handler logs {@link #reason()} and closes that one connection.
 */
public record MalformedFrame(String reason) {
}
