package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators trust publishing keys over the API: the text of a keygen .pub file in, its key id out. */
class FirmwareKeysApiTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);
    private static final String KEYS = "/api/operator/firmware/keys";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void trustedKeyIsListedAndItsBundlesArePublishable() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            String token = cloud.server().operatorToken();
            assertThat(send(cloud, "GET", null, token).body()).isEqualTo("[]");

            SigningKey key = SigningKey.generate();
            Files.createDirectories(dir.resolve("keys"));
            key.save(dir.resolve("keys"), "ci");
            String pub = Files.readString(dir.resolve("keys").resolve("ci.pub"));

            HttpResponse<String> trusted = send(cloud, "POST", pub, token);
            assertThat(trusted.statusCode()).isEqualTo(201);
            assertThat(trusted.body()).isEqualTo("{\"keyId\":\"" + key.keyId() + "\"}");
            assertThat(send(cloud, "POST", pub, token).statusCode()).isEqualTo(201); // again: no change
            assertThat(send(cloud, "GET", null, token).body()).isEqualTo("[{\"keyId\":\"" + key.keyId() + "\"}]");
            assertThat(cloud.server().firmware().repository().trustedKeys()).containsExactly(key.trustedKey());

            // the key now verifies bundles
            cloud.server().firmware().repository().publish(new ByteArrayInputStream(
                    FirmwareFixture.bundle(MODEL, "1.0.0", key)));
        }
    }

    @Test
    void badKeysAreRefusedWithTheReason() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            String token = cloud.server().operatorToken();
            SigningKey key = SigningKey.generate();
            Files.createDirectories(dir.resolve("keys"));
            Path privateFile = key.save(dir.resolve("keys"), "ci");
            String pub = Files.readString(dir.resolve("keys").resolve("ci.pub"));
            String otherId = TrustedKey.of(SigningKey.generate().trustedKey().publicKey()).keyId();

            assertRefused(cloud, token, "", "request body is missing");
            assertRefused(cloud, token, "hello", "format=camcloud-trusted-key/1");
            assertRefused(cloud, token, Files.readString(privateFile), "expected format=camcloud-trusted-key/1");
            assertRefused(cloud, token, pub.replace("algorithm=Ed25519", "algorithm=RSA"), "unsupported algorithm");
            assertRefused(cloud, token, pub.replaceAll("(?m)^public=.*$", "public=bm90IGEga2V5"),
                    "unreadable public key");
            assertRefused(cloud, token, pub.replaceAll("(?m)^keyId=.*$", "keyId=" + otherId), "does not match");
            assertRefused(cloud, token, pub.replaceAll("(?m)^keyId=.*$", ""), "missing 'keyId'");

            assertThat(send(cloud, "GET", null, token).body()).isEqualTo("[]");
            assertThat(cloud.server().firmware().repository().trustedKeys()).isEmpty();
        }
    }

    @Test
    void onlyTheOperatorMayTrustOrListKeys() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            String pub = "format=camcloud-trusted-key/1\n";
            for (String token : new String[] {null, "not-the-operator-token", ""}) {
                assertThat(send(cloud, "POST", pub, token).statusCode()).isEqualTo(401);
                assertThat(send(cloud, "GET", null, token).statusCode()).isEqualTo(401);
            }
        }
    }

    private void assertRefused(TestCloud cloud, String token, String body, String reason) throws Exception {
        HttpResponse<String> r = send(cloud, "POST", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(reason);
    }

    private HttpResponse<String> send(TestCloud cloud, String method, String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cloud.httpBase() + KEYS))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/plain");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
