package camcloud.cloud.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on loopback, as an owner would run one: it checks every delivery's signature
 * and timestamp the way the README tells receivers to, and answers the statuses it was scripted with
 * (then 200), or never answers at all.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, with the receiver's verdict on its signature. */
    public record Received(String deliveryHeader, JsonNode body, boolean signatureValid, String path) {
        public String kind() {
            return body.path("kind").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Clock clock;
    private volatile String secret;
    private volatile boolean silent;

    public WebhookReceiver(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The secret the cloud showed at registration: what signatures are checked against. */
    public void secret(String secret) {
        this.secret = secret;
    }

    /** Answers these statuses to the next requests, in order; 200 afterwards. */
    public synchronized void answer(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    /** Reads requests and never answers them. */
    public void silent() {
        silent = true;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String s = secret;
        boolean valid = s != null && exchange.getRequestMethod().equals("POST")
                && WebhookSignature.verify(s, exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP), body,
                exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE), clock.instant().getEpochSecond(),
                300);
        JsonNode json = JSON.readTree(body);
        valid &= json.path("id").asText().equals(exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY));
        received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY), json, valid,
                exchange.getRequestURI().toString()));
        if (silent) {
            try {
                closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int status;
        synchronized (this) {
            status = script.isEmpty() ? 200 : script.pollFirst();
        }
        if (status >= 300 && status < 400) {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
