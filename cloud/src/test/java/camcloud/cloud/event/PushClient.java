package camcloud.cloud.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A page's {@code /api/push} stream as a browser's EventSource reads it: named events with JSON data. */
public final class PushClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Message(String name, JsonNode data) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final int status;
    private final String contentType;
    private volatile boolean ended;

    private PushClient(HttpResponse<InputStream> response) {
        this.body = response.body();
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        Thread t = new Thread(this::read, "push-client");
        t.setDaemon(true);
        t.start();
    }

    public static PushClient open(String base, String cookie) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/push"))
                .header("Accept", "text/event-stream").header("Cookie", cookie).build();
        HttpResponse<InputStream> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        return new PushClient(r);
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> named(String name) {
        return messages.stream().filter(m -> m.name().equals(name)).toList();
    }

    /** The server ended the stream. */
    boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null) {
                        messages.add(new Message(name, JSON.readTree(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
