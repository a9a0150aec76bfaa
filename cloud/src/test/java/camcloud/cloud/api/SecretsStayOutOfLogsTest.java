package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Drives every secret through the API — passwords (right and wrong), session cookies, claim codes,
 * the operator token — and checks that none of them appears in any log line our code writes, nor
 * in any library's line at INFO or above (a server's production level).
 */
class SecretsStayOutOfLogsTest {

    @TempDir
    Path dir;

    @Test
    void noSecretIsLogged() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String password = "secret-password-4711";
        String wrongPassword = "wrong-password-0815";
        String cookie;
        ApiServer.Camera cam;
        ApiServer.Camera other;
        try (ApiServer server = new ApiServer(dir)) {
            ApiClient c = server.client();
            cookie = c.signUp("alice", password).header("Set-Cookie").split(";")[0].split("=", 2)[1];
            c.signIn("alice", wrongPassword);
            c.signIn("alice", password);
            cam = server.newCamera();
            other = server.newCamera();
            c.claim(cam.code(), "Porch");
            c.claim(other.code().replace('-', ' '), "x\u0000");      // bad name: rejected with the code in the body
            c.send("POST", "/api/cameras/claim", "{\"code\": \"" + other.code() + "\"", "application/json", Map.of());
            server.connect(cam.serial());
            c.post("/api/cameras/" + cam.serial() + "/commands", Map.of("type", "ping"));
            c.send("GET", "/api/operator/cameras?token=" + ApiServer.OPERATOR_TOKEN, null, null,
                    Map.of("Authorization", "Bearer " + ApiServer.OPERATOR_TOKEN));
            c.post("/api/auth/signout", null);
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO) || e.getLoggerName().startsWith("camcloud"))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(lines).anyMatch(l -> l.contains("POST /api/auth/signin 401"));
        for (String secret : List.of(password, wrongPassword, cookie, cam.code(), other.code(),
                other.code().replace("-", ""), ApiServer.OPERATOR_TOKEN)) {
            assertThat(lines).noneMatch(l -> l.contains(secret));
        }
    }
}
