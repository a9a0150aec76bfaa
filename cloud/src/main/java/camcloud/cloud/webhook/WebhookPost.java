package camcloud.cloud.webhook;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One try of one delivery: an HTTP/1.1 {@code POST} to the address {@link WebhookUrlPolicy} approved
 * — the TCP connection goes to that address, never to a fresh resolution of the name, while TLS still
 * verifies the certificate against the host name (SNI and endpoint identification). It reads only the
 * status line: no redirect is followed, no body kept. The whole try (connect, TLS, request, status
 * line) has one deadline; a watchdog closes the socket at the deadline in case a write blocks.
 *
 * <p>{@code java.net.http.HttpClient} cannot connect to a chosen address for a named host, which is
 * why this is a socket.
 */
final class WebhookPost {

    /** What came of a try: a status line, or why there was none. */
    record Outcome(Integer httpStatus, String error) {
        boolean delivered() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }

        /** Worth another try: no answer, a 5xx, 408 or 429. Other 4xx and 3xx will not change. */
        boolean retryable() {
            if (httpStatus == null) {
                return true;
            }
            return httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
        }
    }

    private static final int MAX_STATUS_LINE = 8192;

    private final ScheduledExecutorService watchdog;
    private final SSLSocketFactory tls;

    WebhookPost(ScheduledExecutorService watchdog, SSLSocketFactory tls) {
        this.watchdog = watchdog;
        this.tls = tls;
    }

    Outcome post(WebhookUrlPolicy.Checked target, Map<String, String> headers, byte[] body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket raw = new Socket();
        ScheduledFuture<?> kill = watchdog.schedule(() -> closeQuietly(raw), timeout.toMillis() + 50,
                TimeUnit.MILLISECONDS);
        try {
            raw.connect(new InetSocketAddress(target.address(), target.port()), millisLeft(deadline));
            Socket socket = raw;
            if (target.https()) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
                    params.setServerNames(List.of(new SNIHostName(target.host())));
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(millisLeft(deadline));
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(head(target, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new Outcome(statusOf(readStatusLine(socket, deadline)), null);
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "no answer within " + timeout.toMillis() / 1000.0 + " s");
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome(null, "no answer within " + timeout.toMillis() / 1000.0 + " s");
            }
            return new Outcome(null, describe(e));
        } catch (ProtocolError e) {
            return new Outcome(null, e.getMessage());
        } finally {
            kill.cancel(false);
            closeQuietly(raw);
        }
    }

    private static String head(WebhookUrlPolicy.Checked target, Map<String, String> headers, int length) {
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/"
                : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        StringBuilder h = new StringBuilder();
        h.append("POST ").append(path).append(" HTTP/1.1\r\n");
        h.append("Host: ").append(host).append(defaultPort ? "" : ":" + target.port()).append("\r\n");
        h.append("User-Agent: camcloud-webhooks/1\r\n");
        h.append("Content-Type: application/json\r\n");
        h.append("Content-Length: ").append(length).append("\r\n");
        h.append("Connection: close\r\n");
        headers.forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
        return h.append("\r\n").toString();
    }

    private static String readStatusLine(Socket socket, long deadline) throws IOException, ProtocolError {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[512];
        while (true) {
            socket.setSoTimeout(millisLeft(deadline));
            int n = in.read(buf);
            if (n < 0) {
                throw new ProtocolError(line.length() == 0 ? "the receiver closed the connection without an answer"
                        : "the receiver's answer ended in its status line");
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    return line.toString().strip();
                }
                line.append((char) (buf[i] & 0xff));
            }
            if (line.length() > MAX_STATUS_LINE) {
                throw new ProtocolError("the receiver's answer is not HTTP");
            }
        }
    }

    private static int statusOf(String statusLine) throws ProtocolError {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new ProtocolError("the receiver's answer is not HTTP");
        }
        try {
            int status = Integer.parseInt(parts[1]);
            if (status < 100 || status > 599) {
                throw new ProtocolError("the receiver answered an impossible status");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new ProtocolError("the receiver's answer is not HTTP");
        }
    }

    /** The remaining time, at least 1 ms (0 would mean "no timeout" to a socket). */
    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** An I/O failure in words that name no secret (the URL's path or query may hold one). */
    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "ConnectException" -> "connection refused";
            case "NoRouteToHostException" -> "no route to host";
            case "SSLHandshakeException", "SSLException", "SSLPeerUnverifiedException" -> "TLS failed: "
                    + (e.getMessage() == null ? type : e.getMessage());
            default -> type + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static final class ProtocolError extends Exception {
        ProtocolError(String message) {
            super(message, null, false, false);
        }
    }
}
