package camcloud.cloud.gateway;

import camcloud.protocol.Envelopes;
import camcloud.protocol.v1.Goodbye;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Ends a camera connection so the camera can read why.
 *
 * <p>Writing a Goodbye and closing at once is not enough: if the camera is still sending (a
 * flooding camera always is), the kernel answers our close with a TCP reset because unread bytes
 * are in our receive buffer, and a reset makes the camera's kernel throw away the Goodbye it had
 * not read yet. So, like an HTTP server's lingering close, we send the Goodbye, TLS close_notify
 * and FIN, keep reading (the session discards everything once it is closed) until the camera
 * closes its side, and close ourselves after {@link #LINGER_MILLIS} whatever it does.
 */
final class Goodbyes {

    /** Long enough for a camera on a slow link to read the Goodbye, short enough to shed abusers. */
    static final long LINGER_MILLIS = 2_000;

    private Goodbyes() {
    }

    static void sayAndClose(Channel channel, Goodbye.Reason reason, String detail) {
        channel.writeAndFlush(Envelopes.goodbye(reason, detail)).addListener(written -> {
            if (!written.isSuccess()) {
                channel.close();
                return;
            }
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            closeOutput(channel);
        });
    }

    private static void closeOutput(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        ChannelFuture notified = tls != null ? tls.closeOutbound() : channel.newSucceededFuture();
        notified.addListener(sent -> {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput();
            }
        });
    }
}
