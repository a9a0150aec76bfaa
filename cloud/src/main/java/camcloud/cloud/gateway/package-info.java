/**
 * The camera gateway: cameras (and the factory line) dial in over TLS 1.3 and stay connected.
 *
 * <pre>
 *  accept ─► GatewayAcceptor: Strangers.admit ──(address full: closed at once, counted)
 *               │                 (node full: accepting paused, the backlog waits)
 *               ▼
 *  stranger ─► ssl ─► frameDecoder ─► frameEncoder ─► router ─► CameraSession        (certificate)
 *  (until                (16 KiB until                       └► ProvisioningSession  (none)
 *  authenticated)         Welcome, then 4 MiB)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.gateway.GatewayServer} — the listener and the pipeline of every connection.</li>
 *   <li>{@link camcloud.cloud.gateway.GatewayAcceptor} — admits connections at the pace handshakes finish.</li>
 *   <li>{@link camcloud.cloud.gateway.GatewayTls}, {@link camcloud.cloud.gateway.TlsProvider},
 *       {@link camcloud.cloud.gateway.TicketKeys} — the TLS engine (OpenSSL or the JDK's) and the session-ticket
 *       keys every node derives alike, so a camera resumes on any node.</li>
 *   <li>{@link camcloud.cloud.gateway.StrangerLimits}, {@link camcloud.cloud.gateway.Strangers},
 *       {@link camcloud.cloud.gateway.StrangerGuard} — what a connection may do before it authenticates:
 *       places per address and on the node, the deadline, one short log line when it fails.</li>
 *   <li>{@link camcloud.cloud.gateway.SessionRouter} — after TLS, picks the session for what the peer proved.</li>
 *   <li>{@link camcloud.cloud.gateway.CameraSession} — Hello/Welcome (with the owner's settings), heartbeats,
 *       commands and their acks, reported state to {@code control}, media to ingest.</li>
 *   <li>{@link camcloud.cloud.gateway.ProvisioningSession} — the factory's operator-token handshake.</li>
 *   <li>{@link camcloud.cloud.gateway.FirmwareExchange} — firmware checks and signed offers.</li>
 *   <li>{@link camcloud.cloud.gateway.FloodGuard} — a camera's control-frame budget.</li>
 *   <li>{@link camcloud.cloud.gateway.Goodbyes} — closing so the peer can read why.</li>
 *   <li>{@link camcloud.cloud.gateway.GatewayStats} — what happened to strangers, as Micrometer meters.</li>
 * </ul>
 */
package camcloud.cloud.gateway;
