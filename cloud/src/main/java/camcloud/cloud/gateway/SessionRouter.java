package camcloud.cloud.gateway;

import camcloud.cloud.pki.PlatformCa;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the TLS handshake and replaces itself with the session for what the peer proved: a
 * camera certificate issued by the platform CA gives a {@link CameraSession}; no certificate gives a
 * {@link ProvisioningSession} (which only accepts the operator-token handshake).
 *
 * <pre>{@code
 * pipeline.addLast("stranger", new StrangerGuard(...));
 * pipeline.addLast("ssl", sslHandler);
 * pipeline.addLast("frameDecoder", ...); pipeline.addLast("frameEncoder", ...);
 * pipeline.addLast("router", new SessionRouter(gateway));   // replaced by the session handler
 * }</pre>
 */
final class SessionRouter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    private final GatewayContext gateway;

    SessionRouter(GatewayContext gateway) {
        this.gateway = gateway;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent handshake)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (!handshake.isSuccess()) {
            ctx.close(); // StrangerGuard logged why, in one short line
            return;
        }
        Certificate peer = peerCertificate(ctx);
        if (peer == null) {
            ctx.pipeline().replace(this, "provisioning", new ProvisioningSession(gateway));
            return;
        }
        // The serial from a copy parsed here and dropped: the session keeps only the encoded bytes (to
        // compare with the registry at Hello), not a parsed certificate per connected camera.
        byte[] encoded = peer.getEncoded();
        String serial = PlatformCa.serialOf(parse(encoded));
        if (serial == null) {
            log.warn("SECURITY {} presented a certificate without a serial; closing", CameraSession.describe(ctx.channel()));
            ctx.close();
            return;
        }
        boolean resumed = GatewayTls.resumed(ctx.pipeline().get(SslHandler.class).engine());
        ctx.pipeline().replace(this, "session", new CameraSession(gateway, serial, encoded, resumed));
    }

    private static Certificate peerCertificate(ChannelHandlerContext ctx) {
        try {
            Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            return chain.length > 0 ? chain[0] : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** A certificate the TLS engine verified already (it chains to the platform CA), parsed again from its bytes. */
    private static X509Certificate parse(byte[] encoded) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Handshake failures (a NotSslRecordException with a hex dump of all the stranger sent) arrive
        // here too: StrangerGuard logged them in one short line; nothing from outside reaches the tail.
        ctx.close();
    }
}
