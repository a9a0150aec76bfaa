package camcloud.cloud.gateway;

import camcloud.cloud.pki.PlatformCa;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The gateway's TLS: TLS 1.3 only, the gateway certificate, a client certificate asked for and
 * checked against the platform CA (optional at this layer: a factory connection has none, and the
 * session decides what a connection may do), on the engine {@link TlsProvider} names.
 *
 * <p>With OpenSSL, session tickets are on and sealed with {@link TicketKeys} derived from the
 * platform CA key, which every node holds: a camera that resumes skips the certificate signatures
 * and verification, on whichever node it reaches (all nodes share one session id context, although
 * each has its own gateway certificate). A resumed session still carries the camera's
 * certificate (sealed in the ticket by a node of this platform), and the session checks it against
 * the registry at Hello as for a full handshake. The server keeps no session cache: tickets carry
 * the state, so nothing is held per camera between connections. {@link #rotate} is called every
 * minute or so and installs the next period's keys when the period turns.
 *
 * <p>Ownership: the OpenSSL context is reference counted; {@link #close} releases it (engines made
 * from it release themselves when their {@link SslHandler} leaves the pipeline).
 */
final class GatewayTls implements AutoCloseable {

    private final TlsProvider provider;
    private final SslContext context;
    private final TicketKeys tickets;
    private long keyPeriod = Long.MIN_VALUE;

    GatewayTls(PlatformCa ca, TlsProvider provider) {
        if (provider == TlsProvider.OPENSSL && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("gateway.tls.provider is openssl but Netty's OpenSSL engine does not load "
                    + "on this machine: " + OpenSsl.unavailabilityCause());
        }
        this.provider = provider;
        try {
            this.context = SslContextBuilder.forServer(ca.gatewayKey(), ca.gatewayCertificate(), ca.certificate())
                    .sslProvider(provider == TlsProvider.OPENSSL ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(ca.certificate())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the gateway's TLS: " + e.getMessage(), e);
        }
        if (provider == TlsProvider.OPENSSL) {
            tickets = new TicketKeys(ca.derivedSecret("camcloud gateway session tickets v1"));
            OpenSslServerSessionContext sessions = (OpenSslServerSessionContext) context.sessionContext();
            sessions.setSessionCacheEnabled(false); // tickets only: no server-side state per session
            // Netty derives the session id context from this node's own gateway certificate, and
            // OpenSSL resumes only sessions of the same context: each node has its own gateway
            // certificate, so no ticket from another node would resume. Every gateway of the platform
            // has the same client-certificate policy and trust anchor, so they share one context.
            if (!sessions.setSessionIdContext(sessionIdContext(ca))) {
                throw new IllegalStateException("OpenSSL refused the gateway's session id context");
            }
            sessions.setSessionTimeout((int) TicketKeys.PERIOD.toSeconds());
            rotate(System.currentTimeMillis());
        } else {
            tickets = null;
        }
    }

    /** The platform's session id context: a digest of the platform CA's certificate (at most 32 bytes, as OpenSSL wants). */
    private static byte[] sessionIdContext(PlatformCa ca) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("camcloud gateway sessions v1".getBytes(StandardCharsets.US_ASCII));
            return sha256.digest(ca.certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot digest the platform CA certificate: " + e.getMessage(), e);
        }
    }

    TlsProvider provider() {
        return provider;
    }

    /** A TLS handler for a new connection; its handshake timeout is the caller's to set. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    /**
     * Installs the ticket keys of the period {@code epochMillis} falls in, when it is not the
     * period installed already (OpenSSL only; the JDK engine keeps its own per-node keys).
     */
    synchronized void rotate(long epochMillis) {
        if (tickets == null || TicketKeys.period(epochMillis) == keyPeriod) {
            return;
        }
        ((OpenSslSessionContext) context.sessionContext()).setTicketKeys(tickets.at(epochMillis));
        keyPeriod = TicketKeys.period(epochMillis);
    }

    /**
     * Whether the handshake that just finished on {@code engine} resumed an earlier session (a
     * ticket). Call on the connection's event loop once the handshake succeeded. Always false for the
     * JDK engine, which does not tell.
     */
    static boolean resumed(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
            long ssl = openssl.sslPointer();
            return ssl != 0 && SSL.isSessionReused(ssl);
        }
        return false;
    }

    /** How the log names this engine. */
    String describe() {
        return provider == TlsProvider.OPENSSL
                ? "OpenSSL engine (" + OpenSsl.versionString() + "), session tickets shared by every node"
                : "JDK engine" + (OpenSsl.isAvailable() ? "" : " (OpenSSL not available: "
                + OpenSsl.unavailabilityCause() + ")");
    }

    @Override
    public void close() {
        ReferenceCountUtil.release(context);
    }
}
