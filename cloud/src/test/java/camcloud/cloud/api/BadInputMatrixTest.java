package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that takes a body × every way a body can be wrong: a 4xx with {@code {"error": …}}
 * naming the problem, never a 500, and nothing changed. Requests come from the camera's owner, so
 * they get past authorisation and reach the body checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputMatrixTest {

    /** An endpoint with a body and a valid example of that body. */
    record Endpoint(String name, String method, String path, Map<String, Object> valid) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One bad request and the status it must get. */
    record Case(String what, String body, String contentType, int status, String errorContains) {
        @Override
        public String toString() {
            return what;
        }
    }

    @TempDir
    static Path dir;
    ApiServer server;
    ApiClient owner;
    String serial;
    FakeConnection connection;

    @BeforeAll
    void start() {
        server = new ApiServer(dir);
        owner = server.client();
        owner.signUp("owner", "correct horse battery");
        ApiServer.Camera cam = server.newCamera();
        assertThat(owner.claim(cam.code(), "Porch").status()).isEqualTo(201);
        serial = cam.serial();
        connection = server.connect(serial);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("signup", "POST", "/api/auth/signup",
                        Map.of("username", "newuser", "password", "correct horse battery")),
                new Endpoint("signin", "POST", "/api/auth/signin",
                        Map.of("username", "owner", "password", "correct horse battery")),
                new Endpoint("claim", "POST", "/api/cameras/claim",
                        Map.of("code", "22222-22222-22222", "name", "Porch")),
                new Endpoint("rename", "PATCH", "/api/cameras/" + serial, Map.of("name", "Porch")),
                new Endpoint("command", "POST", "/api/cameras/" + serial + "/commands", Map.of("type", "ping")));
    }

    static List<Case> cases(Endpoint e) {
        String json = "application/json";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("missing body", null, json, 400, "request body is missing"));
        cases.add(new Case("missing body, no content type", null, null, 400, "request body is missing"));
        cases.add(new Case("not json", "not json", json, 400, "not valid JSON"));
        cases.add(new Case("truncated json", "{\"a\":", json, 400, "not valid JSON"));
        cases.add(new Case("json array", "[1,2]", json, 400, "must be a JSON object"));
        cases.add(new Case("json string", "\"hello\"", json, 400, "must be a JSON object"));
        cases.add(new Case("json null", "null", json, 400, "must be a JSON object"));
        cases.add(new Case("empty object", "{}", json, 400, "is required"));
        cases.add(new Case("text/plain", ApiClient.json(e.valid()), "text/plain", 415, "application/json"));
        cases.add(new Case("form encoded", "a=b", "application/x-www-form-urlencoded", 415, "application/json"));
        cases.add(new Case("whole body too large", ApiClient.json(with(e.valid(), "x".repeat(100), "y".repeat(20_000))),
                json, 413, "larger than"));
        cases.add(new Case("unknown field", ApiClient.json(with(e.valid(), "extra", "z")), json, 400,
                "unknown field 'extra'"));
        String first = e.valid().keySet().iterator().next();
        cases.add(new Case("duplicate field", "{\"" + first + "\":\"a\",\"" + first + "\":\"b\"}", json, 400,
                "not valid JSON"));
        for (String field : e.valid().keySet()) {
            cases.add(new Case(field + " missing", ApiClient.json(without(e.valid(), field)), json, 400,
                    "field '" + field + "' is required"));
            cases.add(new Case(field + " null", ApiClient.json(with(e.valid(), field, null)), json, 400,
                    "field '" + field + "' is required"));
            for (Object wrong : new Object[] {42, true, List.of("a"), Map.of("a", "b"), 1.5}) {
                cases.add(new Case(field + " is " + wrong.getClass().getSimpleName(),
                        ApiClient.json(with(e.valid(), field, wrong)), json, 400, "field '" + field + "' must be a string"));
            }
            cases.add(new Case(field + " empty", ApiClient.json(with(e.valid(), field, "")), json, 400,
                    "field '" + field + "' must not be empty"));
            cases.add(new Case(field + " blank", ApiClient.json(with(e.valid(), field, "   ")), json, 400,
                    "field '" + field + "' must not be empty"));
            cases.add(new Case(field + " huge", ApiClient.json(with(e.valid(), field, "h".repeat(1_000_000))), json,
                    413, "larger than"));
            cases.add(new Case(field + " long", ApiClient.json(with(e.valid(), field, "l".repeat(5_000))), json,
                    400, "field '" + field + "' must be at most"));
        }
        return cases;
    }

    Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Case c : cases(e)) {
                out.add(Arguments.of(e, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void badBodiesGetAClear4xx(Endpoint endpoint, Case c) {
        ApiClient.Response r = owner.send(endpoint.method(), endpoint.path(), c.body(), c.contentType(), Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(c.status());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.error()).as(r.text()).contains(c.errorContains());
        assertThat(connection.received).isEmpty();
        assertThat(owner.get("/api/cameras/" + serial).json().get("name").asText()).isEqualTo("Porch");
    }

    @Test
    void fieldValuesThatAreStringsButWrong() {
        assertThat(post("/api/auth/signup", Map.of("username", "bad name!", "password", "correct horse battery")))
                .contains("username may contain only");
        assertThat(post("/api/auth/signup", Map.of("username", "x".repeat(40), "password", "correct horse battery")))
                .contains("username must be 3 to 32 characters");
        assertThat(post("/api/cameras/claim", Map.of("code", "not a claim code", "name", "Porch")))
                .contains("field 'code' is not a claim code");
        assertThat(post("/api/cameras/claim", Map.of("code", "22222-22222-22222", "name", "n".repeat(65))))
                .contains("name must be at most 64 characters");
        assertThat(post("/api/cameras/claim", Map.of("code", "22222-22222-22222", "name", "a\u0007b")))
                .contains("name must not contain control characters");
        assertThat(post("/api/cameras/" + serial + "/commands", Map.of("type", "selfdestruct")))
                .contains("field 'type' must be one of: ping, reboot");
    }

    @Test
    void garbageSerialsAreUnknownCameras() {
        for (String path : List.of("/api/cameras/%00", "/api/cameras/" + "s".repeat(500), "/api/cameras/..%2F..",
                "/api/cameras/%E2%98%83")) {
            ApiClient.Response r = owner.get(path);
            assertThat(r.status()).as(path).isBetween(400, 404);
            assertThat(r.status()).as(path).isNotEqualTo(500);
        }
    }

    private String post(String path, Map<String, Object> body) {
        ApiClient.Response r = owner.post(path, body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        return r.error();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> without(Map<String, Object> base, String key) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.remove(key);
        return m;
    }
}
