package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.SystemRun;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.LedState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update through the real cloud: an operator publishes a bundle and sets a camera's target over
 * the HTTP API; the camera's system software finds the signed offer, downloads with Range support,
 * installs, reboots into the new version, and its progress shows in the API.
 */
class FirmwareUpdateTest {

    private static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void operatorPublishesAndTargetsAndTheCameraUpdatesItself() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String token = cloud.server().operatorToken();
            Path flash = dir.resolve("cam.flash");
            String serial = FactoryProvisioner.provision(flash, MODEL, cloud.cloudAddress(), token).serial();

            assertThat(send(cloud, "POST", "/api/operator/firmware", fw.bundle(MODEL, "1.0.0"), null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> published = send(cloud, "POST", "/api/operator/firmware", fw.bundle(MODEL, "1.0.0"), token);
            assertThat(published.statusCode()).isEqualTo(201);
            assertThat(published.body()).contains("\"version\":\"1.0.0\"");
            HttpResponse<String> foreign = send(cloud, "POST", "/api/operator/firmware",
                    FirmwareFixture.bundle(MODEL, "1.0.1", SigningKey.generate()), token);
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(foreign.body()).contains("unknown key");

            String target = "/api/operator/cameras/" + serial + "/firmware";
            assertThat(send(cloud, "PUT", target, "{\"version\":\"9.9.9\"}".getBytes(), token).statusCode()).isEqualTo(409);
            assertThat(send(cloud, "PUT", target, "{\"version\":\"1.0.0\"}".getBytes(), token).statusCode()).isEqualTo(200);

            byte[] techBefore = partition(flash, "tech");
            CameraSystem system = FirmwareFixture.system(flash);
            SystemRun run = system.powerOn();
            assertThat(run.outcome()).as(String.join("\n", run.log())).isEqualTo(SystemRun.Outcome.NORMAL);
            assertThat(run.runningVersion()).isEqualTo("1.0.0");
            assertThat(run.boots()).isEqualTo(2);
            assertThat(system.led()).isEqualTo(LedState.LED_STATE_ONLINE);
            assertThat(partition(flash, "tech")).isEqualTo(techBefore);

            HttpResponse<String> status = send(cloud, "GET", target, null, token);
            assertThat(status.body()).contains("\"targetVersion\":\"1.0.0\"", "UPDATE_STEP_REBOOTING");

            // a second power-on: up to date, nothing written
            byte[] after = Files.readAllBytes(flash);
            assertThat(FirmwareFixture.system(flash).powerOn().boots()).isEqualTo(1);
            assertThat(Files.readAllBytes(flash)).isEqualTo(after);
        }
    }

    @Test
    void downloadLinksServeRangesAndRefuseForgedOrOtherLinks() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            PublishedBundle b = fw.publish(MODEL, "1.0.0");
            FirmwareOffer offer = cloud.server().firmware().answer("CC-X", MODEL.id(),
                    FirmwareCheck.newBuilder().setRecovering(true).build());
            assertThat(offer.getVersion()).isEqualTo("1.0.0");
            byte[] whole = cloud.server().firmware().repository().bytes(b);
            HttpClient camera = fw.cameraHttp("CC-X"); // links are https, for cameras' certificates only

            HttpResponse<byte[]> ranged = camera.send(HttpRequest.newBuilder(URI.create(offer.getBundleUrl()))
                    .header("Range", "bytes=1000-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ranged.statusCode()).isEqualTo(206);
            assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 1000-" + (whole.length - 1) + "/" + whole.length);
            assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, whole.length));

            String forged = offer.getBundleUrl().replace("serial=CC-X", "serial=CC-Y");
            assertThat(camera.send(HttpRequest.newBuilder(URI.create(forged)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);

            // normal mode without a target: nothing offered
            assertThat(cloud.server().firmware().answer("CC-X", MODEL.id(), FirmwareCheck.getDefaultInstance())
                    .getVersion()).isEmpty();
        }
    }

    private HttpResponse<String> send(TestCloud cloud, String method, String path, byte[] body, String token)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cloud.httpBase() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (method.equals("PUT")) {
            r.header("Content-Type", "application/json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] partition(Path flash, String name) throws Exception {
        var p = MODEL.layout().partition(name);
        return Arrays.copyOfRange(Files.readAllBytes(flash), (int) p.offset(), (int) p.end());
    }
}
