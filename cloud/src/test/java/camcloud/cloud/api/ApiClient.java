package camcloud.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One browser: a {@link HttpClient} with its own cookie jar, speaking JSON to the API. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final Map<String, String> always;

    public ApiClient(String base) {
        this(base, Map.of());
    }

    /** A browser that sends {@code always} with every request (e.g. the {@code X-Forwarded-For} of a proxy). */
    public ApiClient(String base, Map<String, String> always) {
        this.base = base;
        this.always = Map.copyOf(always);
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(int status, String text, JsonNode json, Map<String, List<String>> headers) {
        public String error() {
            return json == null || !json.has("error") ? null : json.get("error").asText();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, json(body), "application/json", Map.of());
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, json(body), "application/json", Map.of());
    }

    public Response signUp(String username, String password) {
        return post("/api/auth/signup", Map.of("username", username, "password", password));
    }

    public Response signIn(String username, String password) {
        return post("/api/auth/signin", Map.of("username", username, "password", password));
    }

    public Response claim(String code, String name) {
        return post("/api/cameras/claim", Map.of("code", code, "name", name));
    }

    /** Any request; {@code body} null sends none. */
    public Response send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        always.forEach(b::header);
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), r.body(), json, r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
