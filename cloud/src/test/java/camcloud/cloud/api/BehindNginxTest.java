package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node behind a real nginx configured as the README says, with {@code http.trusted.proxies=127.0.0.1}:
 * browsers connect to nginx from their own loopback addresses (127.0.0.2, 127.0.0.3, …), and the
 * limits count those addresses — one guesser behind the proxy cannot lock anybody else out, and
 * what the guesser writes into {@code X-Forwarded-For} itself changes nothing.
 *
 * <p>Skipped when nginx is missing, unless {@code CI=true} ({@code .ci/run} installs {@code nginx-light}).
 */
class BehindNginxTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    ApiServer server;
    Process nginx;
    int port;

    @BeforeEach
    void start() throws Exception {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (" + NGINX + ")");
        }
        server = new ApiServer(dir, s -> s.withLimits(ApiLimits.DEFAULTS).withClientAddress(
                new ClientAddress(ClientAddress.parseBlocks("127.0.0.1"), ClientAddress.Header.X_FORWARDED_FOR)));
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                error_log %1$s/error.log;
                pid %1$s/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    # the README's lines
                    map $http_upgrade $connection_upgrade { default upgrade; "" close; }
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                            proxy_pass http://127.0.0.1:%3$d;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                        }
                    }
                }
                """.formatted(dir, port, server.api.port()));
        nginx = new ProcessBuilder(NGINX.toString(), "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!accepting() && System.nanoTime() < end) {
            assertThat(nginx.isAlive()).as("nginx runs: %s", Files.exists(dir.resolve("nginx.out"))
                    ? Files.readString(dir.resolve("nginx.out")) : "").isTrue();
            Thread.sleep(50);
        }
        assertThat(accepting()).as("nginx listens").isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aGuesserBehindTheProxyIsSlowedAndEverybodyElseBehindItIsNot() throws Exception {
        assertThat(post("127.0.0.2", "/api/auth/signup", Map.of("username", "alice", "password", PASSWORD), Map.of()))
                .isEqualTo(201);
        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            // the guesser sends a fresh X-Forwarded-For each time: nginx appends what it saw
            guesses.add(post("127.0.0.9", "/api/auth/signin", Map.of("username", "alice", "password", "guess " + i),
                    Map.of("X-Forwarded-For", "10.0.0." + i)));
        }
        assertThat(guesses.subList(0, 10)).containsOnly(401);
        assertThat(guesses.subList(10, 15)).containsOnly(429);
        assertThat(post("127.0.0.3", "/api/auth/signin", Map.of("username", "alice", "password", PASSWORD), Map.of()))
                .isEqualTo(200);
        assertThat(post("127.0.0.4", "/api/auth/signup", Map.of("username", "bob", "password", PASSWORD), Map.of()))
                .isEqualTo(201);
        assertThat(head("127.0.0.5", "/api/me")).as("HEAD through nginx").isEqualTo(401);
    }

    /** A POST from a browser at {@code from} through nginx; its status. */
    private int post(String from, String path, Map<String, Object> body, Map<String, String> headers) throws IOException {
        byte[] json = ApiClient.json(body).getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        return exchange(from, request.toString().getBytes(StandardCharsets.US_ASCII), json);
    }

    private int head(String from, String path) throws IOException {
        return exchange(from, ("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    private int exchange(String from, byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 ");
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
