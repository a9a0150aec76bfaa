package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.pki.PlatformCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold a connection without ever finishing a request — a header trickled a byte at a
 * time ("slowloris"), a connection that sends nothing, a TLS handshake trickled to the camera port,
 * a body trickled after its headers — are cut, on both listeners, while everybody else is served.
 * And what is slow for a good reason is not cut: a request the server is still working on, a
 * WebSocket. The deadline here is 1 s (10 s on a server); the bounds the tests allow are generous.
 */
class SlowClientsTest {

    private static final Duration HEAD_DEADLINE = Duration.ofSeconds(1);
    /** How long a test waits for a cut that is due after 1 to 2 deadlines. */
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    /** The camera port's TLS: made once, it takes a while. */
    static PlatformCa ca;
    @TempDir
    Path dir;
    ApiServer server;
    ApiClient owner;
    String serial;
    FakeConnection camera;

    @BeforeAll
    static void platformCa(@TempDir Path caDir) throws IOException {
        ca = PlatformCa.loadOrCreate(caDir.resolve("pki"), List.of("localhost", "127.0.0.1"));
    }

    @BeforeEach
    void start() throws IOException {
        server = new ApiServer(dir,
                s -> s.withCommandTimeout(Duration.ofSeconds(3))
                        .withLimits(s.limits().withTimeouts(HEAD_DEADLINE, Duration.ofSeconds(5))),
                api -> api.withCameraHttps(ca, 0));
        owner = server.client();
        owner.signUp("owner", "correct horse battery");
        ApiServer.Camera cam = server.newCamera();
        assertThat(owner.claim(cam.code(), "Porch").status()).isEqualTo(201);
        serial = cam.serial();
        camera = server.connect(serial);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHeaderTrickledOneByteAtATimeIsCutWhileOthersAreServed() throws Exception {
        List<Trickler> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(new Trickler(server.api.port(),
                    "GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(1000)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(owner.get("/api/cameras/" + serial).status()).isEqualTo(200);
        }
        for (Trickler t : slow) {
            assertThat(t.cutWithin(GENEROUS)).as("trickled header cut").isTrue();
            assertThat(t.answer()).as("nothing is answered to half a request").doesNotContain("200 OK");
        }
        assertThat(owner.get("/api/cameras/" + serial).json().get("online").asBoolean()).isTrue();
    }

    @Test
    void aConnectionThatSendsNothingIsCutOnBothListeners() throws Exception {
        for (int port : new int[] {server.api.port(), server.api.cameraHttpsPort()}) {
            try (Socket silent = connect(port)) {
                long start = System.nanoTime();
                assertThat(readUntilClosed(silent)).as("port %d", port).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
            }
        }
    }

    @Test
    void aTlsHandshakeTrickledToTheCameraPortIsCut() throws Exception {
        // a TLS record header announcing a 512-byte ClientHello, then its bytes one at a time
        byte[] start = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        Trickler t = new Trickler(server.api.cameraHttpsPort(), new String(start, StandardCharsets.ISO_8859_1)
                + "x".repeat(600));
        assertThat(t.cutWithin(GENEROUS)).isTrue();
    }

    @Test
    void aKeepAliveConnectionThatGoesQuietIsClosedAfterItsAnswer() throws Exception {
        try (Socket s = connect(server.api.port())) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(readAll(s), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("ok");
        }
    }

    @Test
    void aBodyTrickledAfterItsHeadersIsRefused() throws Exception {
        String body = ApiClient.json(Map.of("username", "owner", "password", "correct horse battery" + "x".repeat(150)));
        Trickler t = new Trickler(server.api.port(), "POST /api/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n", body);
        assertThat(t.cutWithin(GENEROUS)).isTrue();
        assertThat(t.answer()).startsWith("HTTP/1.1 408").contains("request body arrived too slowly");
        assertThat(owner.get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void aRequestTheServerWorksOnLongerThanTheDeadlineIsAnswered() {
        camera.answer = c -> new CompletableFuture<>(); // the camera never answers: the command waits 3 s
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "ping"));
        assertThat(r.status()).as(r.text()).isEqualTo(504);
    }

    @Test
    void aWebSocketOutlivesTheDeadline() throws Exception {
        String cookie = cookieOf(server.client());
        CompletableFuture<Void> closed = new CompletableFuture<>();
        CompletableFuture<Void> pong = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", cookie)
                .header("Origin", server.base())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.api.port() + "/api/cameras/" + serial + "/live"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
                                pong.complete(null);
                                return WebSocket.Listener.super.onPong(webSocket, message);
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                                closed.complete(null);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket webSocket, Throwable error) {
                                closed.completeExceptionally(error);
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        Thread.sleep(HEAD_DEADLINE.multipliedBy(3).toMillis());
        assertThat(closed).as("the live socket is still open after three deadlines").isNotDone();
        ws.sendPing(ByteBuffer.wrap(new byte[] {1}));
        pong.get(10, TimeUnit.SECONDS);
        ws.abort();
    }

    /** The owner's session cookie, from a fresh sign-in. */
    private String cookieOf(ApiClient browser) {
        ApiClient.Response r = browser.signIn("owner", "correct horse battery");
        assertThat(r.status()).isEqualTo(200);
        return r.header("Set-Cookie").split(";", 2)[0];
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout((int) GENEROUS.toMillis());
        return s;
    }

    /** True when the server closed (or reset) the connection before {@link #GENEROUS} passed. */
    private static boolean readUntilClosed(Socket s) {
        try {
            readAll(s);
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static byte[] readAll(Socket s) throws IOException {
        return s.getInputStream().readAllBytes();
    }

    /**
     * A client that sends {@code head} at once, then {@code rest} one byte each 200 ms, and reads
     * whatever comes back until the server closes the connection.
     */
    private static final class Trickler {
        private final Socket socket;
        private final CompletableFuture<String> closed = new CompletableFuture<>();

        Trickler(int port, String head) throws IOException {
            this(port, head, "x".repeat(10_000));
        }

        Trickler(int port, String head, String rest) throws IOException {
            socket = connect(port);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread reader = new Thread(() -> {
                try (InputStream in = socket.getInputStream()) {
                    closed.complete(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    closed.complete("");
                }
            }, "trickler-reader");
            reader.setDaemon(true);
            reader.start();
            Thread writer = new Thread(() -> {
                try {
                    for (byte b : rest.getBytes(StandardCharsets.ISO_8859_1)) {
                        if (closed.isDone()) {
                            return;
                        }
                        out.write(b);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server cut us: what the test waits for
                }
            }, "trickler-writer");
            writer.setDaemon(true);
            writer.start();
        }

        boolean cutWithin(Duration bound) {
            try {
                closed.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (Exception e) {
                return false;
            } finally {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        String answer() {
            return closed.getNow("");
        }
    }
}
