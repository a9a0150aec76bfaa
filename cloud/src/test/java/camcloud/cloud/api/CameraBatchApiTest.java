package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.engines.OnBothDatabases;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.pki.PlatformCa;
import camcloud.cloud.provisioning.Registrar;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/operator/cameras/batch} on a real API over each database engine: a batch is
 * registered whole, or — whatever is wrong with one camera — not at all, with a 400 naming it.
 */
class CameraBatchApiTest {

    private static final String PATH = "/api/operator/cameras/batch";
    private static final String MODEL = CameraModels.builtIn().all().get(0).id();
    private static final Map<String, String> OPERATOR = Map.of("Authorization", "Bearer " + ApiServer.OPERATOR_TOKEN);

    @TempDir
    Path dir;

    @OnBothDatabases
    void aBatchIsRegisteredWholeWithCertificatesFromThePlatformCaAndClaimCodesThatClaim(TestDatabase engine)
            throws Exception {
        try (Node node = new Node(engine, dir)) {
            ApiClient.Response r = node.operator(cameras(3, "BATCH"));

            assertThat(r.status()).as(r.text()).isEqualTo(201);
            X509Certificate ca = certificate(r.json().get("platformCa").asText());
            assertThat(ca).isEqualTo(node.ca.certificate());
            assertThat(r.json().get("offerKeys")).as("this node's offer key").hasSize(1);
            assertThat(r.json().get("bundleKeys")).as("no publishing key trusted yet").isEmpty();
            JsonNode issued = r.json().get("cameras");
            assertThat(issued).extracting(c -> c.get("serial").asText())
                    .containsExactly("BATCH-0001", "BATCH-0002", "BATCH-0003");
            for (JsonNode camera : issued) {
                X509Certificate cert = certificate(camera.get("certificate").asText());
                cert.verify(ca.getPublicKey());
                assertThat(PlatformCa.serialOf(cert)).isEqualTo(camera.get("serial").asText());
                assertThat(node.devices.findBySerial(camera.get("serial").asText())).isPresent();
                assertThat(node.firmware.pinnedKeys(camera.get("serial").asText())).as("pinned keys recorded")
                        .contains(List.of());
            }
            ApiClient owner = node.client(Map.of());
            owner.signUp("alice", "correct horse battery");
            ApiClient.Response claimed = owner.claim(issued.get(1).get("claimCode").asText(), "Porch");
            assertThat(claimed.status()).as(claimed.text()).isBetween(200, 201);
            assertThat(node.devices.findBySerial("BATCH-0002").orElseThrow().ownerId()).isNotNull();
        }
    }

    @OnBothDatabases
    void withoutTheOperatorTokenNothingIsRegistered(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            Map<String, Object> body = cameras(1, "NOAUTH");
            ApiClient user = node.client(Map.of());
            user.signUp("mallory", "correct horse battery");
            assertThat(user.post(PATH, body).status()).as("a signed-in user").isEqualTo(401);
            assertThat(node.client(Map.of("Authorization", "Bearer wrong")).post(PATH, body).status()).isEqualTo(401);
            assertThat(node.client(Map.of("Authorization", ApiServer.OPERATOR_TOKEN)).post(PATH, body).status())
                    .as("the token without 'Bearer'").isEqualTo(401);
            assertThat(node.devices.all()).isEmpty();
        }
    }

    @OnBothDatabases
    void moreThanAThousandCamerasOrNoneAreRefused(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            ApiClient.Response tooMany = node.operator(cameras(Registrar.MAX_BATCH + 1, "MANY"));
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.error()).contains("at most 1000");
            assertThat(node.operator(Map.of("cameras", List.of())).status()).isEqualTo(400);
            assertThat(node.devices.all()).isEmpty();
        }
    }

    @OnBothDatabases
    void aSerialTwiceInTheBatchIsRefusedByNameAndNothingIsRegistered(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            Map<String, Object> body = cameras(3, "TWICE");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("cameras");
            list.get(2).put("serial", "TWICE-0001");

            ApiClient.Response r = node.operator(body);

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).contains("TWICE-0001").contains("more than once").contains("nothing was registered");
            assertThat(node.devices.all()).isEmpty();
        }
    }

    @OnBothDatabases
    void aSerialRegisteredBeforeIsRefusedByNameAndNothingOfTheBatchIsRegistered(TestDatabase engine)
            throws Exception {
        try (Node node = new Node(engine, dir)) {
            assertThat(node.operator(cameras(1, "OLD")).status()).isEqualTo(201);
            Map<String, Object> body = cameras(3, "NEW");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("cameras");
            list.get(1).put("serial", "OLD-0001");

            ApiClient.Response r = node.operator(body);

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).contains("OLD-0001").contains("already registered");
            assertThat(node.devices.all()).extracting(d -> d.serial()).containsExactly("OLD-0001");
        }
    }

    @OnBothDatabases
    void aKeyThatIsNoP256KeyIsRefusedByName(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
            p384.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(1024);
            for (String key : List.of(
                    Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded()),
                    Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()),
                    "bm90IGEga2V5", "%%% not base64 %%%")) {
                Map<String, Object> body = cameras(2, "KEY");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("cameras");
                list.get(1).put("publicKey", key);

                ApiClient.Response r = node.operator(body);

                assertThat(r.status()).as(key).isEqualTo(400);
                assertThat(r.error()).contains("KEY-0002").contains("P-256");
            }
            assertThat(node.devices.all()).isEmpty();
        }
    }

    @OnBothDatabases
    void anUnknownModelIsRefusedByNameWithTheKnownOnes(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            Map<String, Object> body = cameras(2, "MODEL");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("cameras");
            list.get(0).put("model", "toaster-9000");

            ApiClient.Response r = node.operator(body);

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).contains("MODEL-0001").contains("toaster-9000").contains(MODEL);
            assertThat(node.devices.all()).isEmpty();
        }
    }

    @OnBothDatabases
    void aMalformedCameraIsRefusedByItsPlaceAndAnOversizedBodyIsRefused(TestDatabase engine) throws Exception {
        try (Node node = new Node(engine, dir)) {
            Map<String, Object> body = cameras(2, "SHAPE");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("cameras");
            list.get(1).remove("mac");
            ApiClient.Response missing = node.operator(body);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.error()).contains("cameras[1]").contains("mac");

            String huge = "{\"cameras\":[" + "{\"serial\":\"" + "A".repeat(600_000) + "\"}]}";
            ApiClient.Response tooBig = node.client(OPERATOR).send("POST", PATH, huge, "application/json", Map.of());
            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(node.devices.all()).isEmpty();
        }
    }

    /** {@code {"cameras": [...]}} of {@code count} valid cameras {@code PREFIX-0001}…, each with its own key. */
    static Map<String, Object> cameras(int count, String prefix) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String key = Base64.getEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> camera = new java.util.HashMap<>();
            camera.put("serial", String.format("%s-%04d", prefix, i));
            camera.put("mac", String.format("02:00:00:00:%02x:%02x", i / 256, i % 256));
            camera.put("model", MODEL);
            camera.put("publicKey", count <= 10 ? Base64.getEncoder().encodeToString(
                    ec.generateKeyPair().getPublic().getEncoded()) : key);
            list.add(camera);
        }
        return Map.of("cameras", list);
    }

    private static X509Certificate certificate(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    /** An API with the batch route over a fresh database of {@code engine}. */
    private static final class Node implements AutoCloseable {
        final Database db;
        final DeviceStore devices;
        final FirmwareService firmware;
        final PlatformCa ca;
        final HttpApi api;

        Node(TestDatabase engine, Path dir) throws Exception {
            db = engine.open(dir);
            devices = new DeviceStore(db);
            firmware = FirmwareService.open(dir, db, () -> "http://127.0.0.1");
            ca = PlatformCa.loadOrCreate(dir.resolve("pki"), List.of("127.0.0.1"));
            ApiSettings settings = ApiServer.testSettings(new MutableClock(Instant.now()));
            api = new HttpApi(db, devices, new Presence(), settings)
                    .withProvisioning(new Registrar(ca, devices, firmware), settings)
                    .start("127.0.0.1", 0);
        }

        ApiClient client(Map<String, String> headers) {
            return new ApiClient("http://127.0.0.1:" + api.port(), headers);
        }

        ApiClient.Response operator(Object body) {
            return client(OPERATOR).post(PATH, body);
        }

        @Override
        public void close() {
            api.stop();
            db.close();
        }
    }
}
