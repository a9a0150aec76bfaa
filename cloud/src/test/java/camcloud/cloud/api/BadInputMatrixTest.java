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
                new Endpoint("command", "POST", "/api/cameras/" + serial + "/commands", Map.of("type", "ping")),
                new Endpoint("share", "POST", "/api/cameras/" + serial + "/shares", Map.of("username", "someone")),
                new Endpoint("password", "POST", "/api/me/password",
                        orderedMap("currentPassword", "correct horse battery", "newPassword", "a brand new passphrase")));
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
        for (String almost : List.of("application/jsonx", "application/json-patch+json", "application/json5",
                "text/json", "application/x-json", "application/json/x", "application", "json")) {
            cases.add(new Case(almost, ApiClient.json(e.valid()), almost, 415,
                    "Content-Type must be application/json, was '" + almost + "'"));
        }
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
    void aReleaseWithoutAClearChoiceForTheRecordingsChangesNothing() {
        for (String query : List.of("", "?recordings=", "?recordings=maybe", "?recordings=keep%00",
                "?recordings=" + "k".repeat(5_000))) {
            ApiClient.Response r = owner.delete("/api/cameras/" + serial + query);
            assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(400);
            assertThat(r.error()).contains("recordings");
        }
        assertThat(owner.get("/api/cameras/" + serial).json().get("access").asText()).isEqualTo("owner");
        assertThat(owner.get("/api/cameras/" + serial + "/shares").json()).as("nothing was shared").isEmpty();
        assertThat(owner.signIn("owner", "correct horse battery").status()).as("password unchanged").isEqualTo(200);
    }

    @Test
    void jsonIsAcceptedInAnyCaseAndWithParameters() {
        for (String type : List.of("application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
                "Application/Json;charset=\"UTF-8\"", " application/json ")) {
            ApiClient.Response r = owner.send("PATCH", "/api/cameras/" + serial, ApiClient.json(Map.of("name", "Porch")),
                    type, Map.of());
            assertThat(r.status()).as(type + ": " + r.text()).isEqualTo(200);
        }
    }

    /** Query parameters that are times: far outside any recording they are a 400 naming the parameter. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("farOffTimes")
    void timesFarOutsideAnyRecordingAreA400(String query, String errorContains) {
        for (String route : query.startsWith("day=") ? List.of("timeline") : List.of("archive.m3u8", "export.mp4")) {
            String path = "/api/cameras/" + serial + "/" + route + "?" + query;
            ApiClient.Response r = owner.get(path);
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(400);
            assertThat(r.error()).as(path).contains(errorContains);
            assertThat(owner.send("HEAD", path, null, null, Map.of()).status()).as("HEAD " + path).isEqualTo(400);
        }
        assertThat(owner.get("/api/cameras/" + serial).status()).isEqualTo(200);
    }

    static Stream<Arguments> farOffTimes() {
        String ok = "2026-01-01T00:00:00Z";
        return Stream.of(
                Arguments.of("from=%2B300000-01-01T00:00:00Z&to=%2B300000-01-01T01:00:00Z", "'from' must be between"),
                Arguments.of("from=" + ok + "&to=%2B300000-01-01T00:00:00Z", "'to' must be between"),
                Arguments.of("from=-999999999-01-01T00:00:00Z&to=" + ok, "'from' must be between"),
                Arguments.of("from=%2B999999999-12-31T23:59:59.999999999-18:00&to=%2B999999999-12-31T23:59:59Z",
                        "'from' must be between"),
                Arguments.of("from=1969-12-31T23:00:00Z&to=1970-01-01T00:30:00Z", "'from' must be between"),
                Arguments.of("from=9999-12-31T23:00:00Z&to=%2B10000-01-01T00:30:00Z", "'to' must be between"),
                Arguments.of("from=%2B292278994-08-17T07:12:55.807Z&to=%2B292278994-08-17T08:12:55.807Z",
                        "'from' must be between"),
                Arguments.of("day=-999999999-01-01", "'day' must be between 1970-01-01 and 9999-12-31"),
                Arguments.of("day=%2B999999999-12-31", "'day' must be between"),
                Arguments.of("day=%2B999999999-12-31&tz=Pacific/Kiritimati", "'day' must be between"),
                Arguments.of("day=-999999999-01-01&tz=-18:00", "'day' must be between"),
                Arguments.of("day=1969-12-31&tz=Pacific/Kiritimati", "'day' must be between"),
                Arguments.of("day=%2B10000-01-01&tz=Etc/GMT%2B12", "'day' must be between"));
    }

    @Test
    void theEdgesOfTheTimeWindowAreAnswered() {
        for (String path : List.of("timeline?day=1970-01-01&tz=Pacific/Kiritimati", "timeline?day=9999-12-31&tz=-18:00",
                "archive.m3u8?from=1970-01-01T00:00:00Z&to=1970-01-01T01:00:00Z",
                "archive.m3u8?from=9999-12-31T23:00:00Z&to=9999-12-31T23:59:59Z")) {
            ApiClient.Response r = owner.get("/api/cameras/" + serial + "/" + path);
            assertThat(r.status()).as(path + ": " + r.text()).isIn(200, 404);
        }
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

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
