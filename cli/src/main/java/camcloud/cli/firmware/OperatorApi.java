package camcloud.cli.firmware;

import camcloud.cli.OperatorTokenArgument;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import picocli.CommandLine.Option;

/**
 * What every operator command shares (a picocli mixin): which cloud ({@code --cloud URL}), the
 * operator token ({@code --token TOKEN|@FILE}), and the one request it makes, with a refusal
 * turned into an error that gives the cloud's reason. (How the answer is printed — text, or JSON
 * with {@code --json} — is {@link camcloud.cli.CommandOutput}.)
 */
public final class OperatorApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--cloud", required = true, paramLabel = "URL",
            description = "The cloud's HTTP API, e.g. http://localhost:8080")
    String cloud;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "Operator token, or @FILE to read it from a file (e.g. @data/operator-token)")
    String token;

    /** The API path of a camera's firmware target and update status; refuses a serial that is no serial. */
    static String cameraFirmwarePath(String serial) {
        return "/api/operator/cameras/" + checkSerial(serial) + "/firmware";
    }

    /** A request to {@code path} (starting with /) on the cloud's API. */
    public HttpRequest.Builder request(String path) {
        String base = cloud.endsWith("/") ? cloud.substring(0, cloud.length() - 1) : cloud;
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException("--cloud must be an http(s) URL, was '" + cloud + "'");
        }
        return HttpRequest.newBuilder().uri(URI.create(base + path));
    }

    /**
     * Sends it with the operator token; a non-2xx answer is an IOException with the status and the
     * cloud's reason (its {@code error} field).
     */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        String operatorToken = OperatorTokenArgument.resolve(token);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    request.header("Authorization", "Bearer " + operatorToken).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the cloud refused (" + response.statusCode() + "): " + reason(response.body()));
            }
            return response;
        } catch (ConnectException e) {
            throw new IOException("cannot reach the cloud at " + cloud + " (connection refused): is it running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** GETs {@code path}. */
    public HttpResponse<String> get(String path) throws IOException {
        return send(request(path).GET());
    }

    /** POSTs {@code body} as JSON to {@code path}. */
    public HttpResponse<String> post(String path, Object body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody(body))));
    }

    /** PUTs {@code body} as JSON to {@code path}. */
    public HttpResponse<String> put(String path, Object body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody(body))));
    }

    /** Refuses a serial that is no serial (it becomes part of an API path). */
    public static String checkSerial(String serial) {
        if (!serial.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("SERIAL must be letters, digits and dashes, was '" + serial + "'");
        }
        return serial;
    }

    /** An answer's JSON document. */
    public static JsonNode json(HttpResponse<String> response) throws IOException {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IOException("the cloud's answer is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A JSON request body. */
    public static String jsonBody(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    /**
     * The {@code error} of an error answer, or the body itself (bounded) when it is not one; without
     * control characters, as it goes to a terminal.
     */
    private static String reason(String body) {
        String text = body.strip();
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                text = error.asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: show the body as it is
        }
        text = text.replaceAll("\\p{Cntrl}", "?");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
