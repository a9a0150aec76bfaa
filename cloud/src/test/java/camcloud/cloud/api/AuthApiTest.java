package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthApiTest {

    @TempDir
    Path dir;
    ApiServer server;

    @BeforeEach
    void start() {
        server = new ApiServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signUpSetsAStrictHttpOnlySessionCookieAndSignsIn() {
        ApiClient browser = server.client();
        ApiClient.Response r = browser.signUp("Alice", "correct horse battery");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("username").asText()).isEqualTo("alice");
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("camcloud_session=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        assertThat(browser.get("/api/me").json().get("username").asText()).isEqualTo("alice");
    }

    @Test
    void behindHttpsTheCookieIsSecure(@TempDir Path other) {
        try (var db = camcloud.cloud.db.Database.openSqlite(other.resolve("cloud.db"))) {
            HttpApi https = new HttpApi(db, new camcloud.cloud.device.DeviceStore(db),
                    new camcloud.cloud.device.Presence(), ApiSettings.defaults("t", true)
                            .withPassword(camcloud.cloud.account.PasswordHasher.Parameters.FOR_TESTS)).start(0);
            try {
                ApiClient.Response r = new ApiClient("http://127.0.0.1:" + https.port())
                        .signUp("alice", "correct horse battery");
                assertThat(r.header("Set-Cookie")).contains("; Secure", "HttpOnly", "SameSite=Strict");
            } finally {
                https.stop();
            }
        }
    }

    @Test
    void theDatabaseHoldsOnlyTheHashOfTheSessionToken() throws Exception {
        ApiClient.Response r = server.client().signUp("alice", "correct horse battery");
        String token = r.header("Set-Cookie").split(";")[0].substring("camcloud_session=".length());
        String stored = server.db.query(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT token_hash FROM sessions")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(token).hasSize(43);
        assertThat(stored).isNotEqualTo(token).hasSize(64);
    }

    @Test
    void signOutEndsTheSession() {
        ApiClient browser = server.client();
        browser.signUp("alice", "correct horse battery");
        assertThat(browser.post("/api/auth/signout", null).status()).isEqualTo(204);
        ApiClient.Response me = browser.get("/api/me");
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.error()).isEqualTo("not signed in");
    }

    @Test
    void signInWithTheRightPasswordWorksInANewBrowser() {
        server.client().signUp("alice", "correct horse battery");
        ApiClient other = server.client();
        assertThat(other.get("/api/me").status()).isEqualTo(401);
        ApiClient.Response r = other.signIn("ALICE", "correct horse battery");
        assertThat(r.status()).isEqualTo(200);
        assertThat(other.get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        server.client().signUp("alice", "correct horse battery");
        ApiClient.Response wrong = server.client().signIn("alice", "wrong horse battery");
        ApiClient.Response unknown = server.client().signIn("bob", "wrong horse battery");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo(unknown.error()).isEqualTo("wrong username or password");
        assertThat(wrong.header("Set-Cookie")).isNull();
    }

    @Test
    void aTakenNameIsAConflictWhateverItsCase() {
        server.client().signUp("alice", "correct horse battery");
        ApiClient.Response r = server.client().signUp("ALICE", "another good password");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("username 'alice' is taken");
    }

    @Test
    void usernameAndPasswordRulesAreExplained() {
        ApiClient c = server.client();
        assertThat(c.signUp("al", "correct horse battery").error()).contains("username must be 3 to 32");
        assertThat(c.signUp("al ice", "correct horse battery").error()).contains("username may contain only");
        assertThat(c.signUp("alice", "short").error()).contains("at least 10 characters");
        assertThat(c.signUp("alice123456", "alice123456").error()).contains("must not be the username");
        assertThat(c.signUp("al", "correct horse battery").status()).isEqualTo(400);
    }

    @Test
    void sessionsExpire() {
        ApiClient browser = server.client();
        browser.signUp("alice", "correct horse battery");
        server.clock.advance(Duration.ofDays(15));
        assertThat(browser.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsFromOneAddressAreSlowedToOneTryEachStepNotLockedOut() {
        server.client().signUp("alice", "correct horse battery");
        for (int i = 0; i < 10; i++) {
            assertThat(server.client().signIn("alice", "guess number " + i).status()).isEqualTo(401);
        }
        ApiClient.Response limited = server.client().signIn("alice", "correct horse battery");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("90"); // 10 per 15 minutes: one back each 90 s
        assertThat(limited.error()).contains("too many failed sign-ins");

        server.clock.advance(Duration.ofSeconds(90));
        assertThat(server.client().signIn("alice", "correct horse battery").status()).isEqualTo(200);
    }

    @Test
    void healthAndPageAndOpenApiAreServed() {
        ApiClient c = server.client();
        ApiClient.Response health = c.get("/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("ok");
        ApiClient.Response page = c.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("camcloud", "/js/app.js");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "media-src 'self' blob:");
        ApiClient.Response script = c.get("/js/api.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(script.text()).contains("/api/cameras/claim");
        ApiClient.Response spec = c.get("/api/openapi.yaml");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.text()).startsWith("openapi: 3.0");
    }

    @Test
    void unknownApiRoutesAreJson404() {
        ApiClient.Response r = server.client().get("/api/nothing/here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("not found");
    }
}
