package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.DeviceStore;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.UpdateStep;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /api/operator/cameras/{serial}/firmware} refuses, with the reason and before the camera
 * downloads a byte, a target the camera would refuse; {@code GET} shows the version the camera runs
 * and derives where the update stands, up to {@code installed}. Cameras are provisioned through the
 * real factory handshake, so the keys the cloud recorded are the keys the camera pinned.
 */
class FirmwareTargetApiTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);
    private static final CameraModel OTHER_MODEL = CameraModels.builtIn().all().get(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aBundleSignedByAKeyTheCameraDidNotPinIsRefusedNamingBothKeys() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String serial = cloud.provision().serial();
            SigningKey later = SigningKey.generate();
            cloud.server().firmware().repository().trust(later.trustedKey());
            publish(cloud, FirmwareFixture.bundle(MODEL, "1.2.0", later));

            HttpResponse<String> refused = putTarget(cloud, serial, "1.2.0");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(error(refused)).isEqualTo("camera " + serial + " pinned keys [" + fw.bundleKey.keyId()
                    + "] at provisioning; bundle " + MODEL.id() + " 1.2.0 is signed by key " + later.keyId()
                    + ": the camera would refuse it");
            JsonNode status = status(cloud, serial);
            assertThat(status.get("targetVersion").isNull()).isTrue();
            assertThat(status.get("state").asText()).isEqualTo("none");
            assertThat(status.get("pinnedKeyIds").toString()).isEqualTo("[\"" + fw.bundleKey.keyId() + "\"]");

            // a camera provisioned after the new key was trusted pinned it: the same target goes through
            String newer = cloud.provision().serial();
            HttpResponse<String> set = putTarget(cloud, newer, "1.2.0");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(JSON.readTree(set.body()).get("warnings").size()).isZero();
            assertThat(JSON.readTree(set.body()).get("pinnedKeyIds")).hasSize(2);
        }
    }

    @Test
    void aCameraProvisionedWhileNoKeyWasTrustedIsToldItAcceptsNoUpdate() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            String serial = cloud.provision().serial();
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            fw.publish(MODEL, "1.2.0");

            HttpResponse<String> refused = putTarget(cloud, serial, "1.2.0");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(error(refused)).isEqualTo("camera " + serial + " pinned no publishing key at provisioning "
                    + "(this cloud trusted none then): it accepts no firmware update");
            assertThat(status(cloud, serial).get("pinnedKeyIds").toString()).isEqualTo("[]");
        }
    }

    @Test
    void aVersionNotPublishedForTheCameraModelIsRefusedNamingThePublishedOnes() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String serial = cloud.provision().serial();
            assertThat(error(putTarget(cloud, serial, "1.2.0"))).isEqualTo("no bundle of version 1.2.0 is published "
                    + "for model " + MODEL.id() + " (camera " + serial + "'s model); none is published for it yet");

            fw.publish(MODEL, "1.0.0");
            fw.publish(MODEL, "1.1.0");
            fw.publish(OTHER_MODEL, "1.2.0");
            HttpResponse<String> refused = putTarget(cloud, serial, "1.2.0");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(error(refused)).endsWith("(camera " + serial + "'s model); published for it: 1.1.0, 1.0.0");
        }
    }

    @Test
    void aDowngradeBelowTheRunningVersionIsRefusedAndTheRunningVersionIsInstalledAtOnce() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String serial = cloud.provision().serial();
            for (String version : List.of("1.0.0", "1.1.0", "1.1.0-rc1")) {
                fw.publish(MODEL, version);
            }
            lastSaid(cloud, serial, "1.1.0"); // offline now; its last Hello said 1.1.0

            HttpResponse<String> older = putTarget(cloud, serial, "1.0.0");
            assertThat(older.statusCode()).isEqualTo(409);
            assertThat(error(older)).isEqualTo("camera " + serial + " runs 1.1.0; 1.0.0 is older and cameras refuse "
                    + "a downgrade");
            assertThat(error(putTarget(cloud, serial, "1.1.0-rc1"))).isEqualTo("camera " + serial + " runs 1.1.0, "
                    + "which has the same version number as 1.1.0-rc1 (1001000): the camera counts it as installed "
                    + "and would never install 1.1.0-rc1");

            HttpResponse<String> same = putTarget(cloud, serial, "1.1.0");
            assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
            JsonNode status = JSON.readTree(same.body());
            assertThat(status.get("runningVersion").asText()).isEqualTo("1.1.0");
            assertThat(status.get("online").asBoolean()).isFalse();
            assertThat(status.get("state").asText()).isEqualTo("installed");
        }
    }

    @Test
    void aBundleWhoseMinimumVersionTheCameraDoesNotRunIsRefused() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String serial = cloud.provision().serial();
            publish(cloud, FirmwareFixture.bundle(MODEL, "2.0.0", 1_001_000, fw.bundleKey));
            lastSaid(cloud, serial, "1.0.0");

            HttpResponse<String> refused = putTarget(cloud, serial, "2.0.0");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(error(refused)).isEqualTo("bundle " + MODEL.id() + " 2.0.0 installs only over 1.1.0 or later "
                    + "(its minimum version); camera " + serial + " runs 1.0.0: target a version in between first");

            lastSaid(cloud, serial, "1.1.0");
            assertThat(putTarget(cloud, serial, "2.0.0").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCameraProvisionedBeforeTheCloudRecordedPinnedKeysGetsItsTargetWithAWarning() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            fw.publish(MODEL, "1.2.0");
            String serial = "CC-OLDCAMERA01"; // registered as cameras were before firmware_pinned_keys existed
            cloud.server().devices().register(new DeviceStore.Registration(serial, "02:00:00:00:00:09", MODEL.id(),
                    new byte[] {1}, new byte[] {2}, ClaimCode.generate()));

            HttpResponse<String> set = putTarget(cloud, serial, "1.2.0");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            JsonNode status = JSON.readTree(set.body());
            assertThat(status.get("pinnedKeyIds").isNull()).isTrue();
            assertThat(status.get("state").asText()).isEqualTo("pending");
            assertThat(status.get("warnings").get(0).asText()).isEqualTo("the publishing keys camera " + serial
                    + " pinned at provisioning are unknown (it was provisioned before this cloud recorded them): if "
                    + "bundle " + MODEL.id() + " 1.2.0's key " + fw.bundleKey.keyId() + " is not among them, the "
                    + "camera refuses the update and firmware status shows it");
        }
    }

    @Test
    void theStateFollowsTheCamerasReportsUntilItRunsTheTarget() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            String serial = cloud.provision().serial();
            fw.publish(MODEL, "1.2.0");
            FirmwareService firmware = cloud.server().firmware();
            report(firmware, serial, "1.1.0", UpdateStep.UPDATE_STEP_REFUSED, ""); // an earlier target's report
            lastSaid(cloud, serial, "1.0.0");

            assertThat(putTarget(cloud, serial, "1.2.0").statusCode()).isEqualTo(200);
            assertThat(status(cloud, serial).get("state").asText()).isEqualTo("pending");

            report(firmware, serial, "1.2.0", UpdateStep.UPDATE_STEP_WRITING_KERNEL, "");
            JsonNode writing = status(cloud, serial);
            assertThat(writing.get("state").asText()).isEqualTo("in-progress");
            assertThat(writing.get("lastProgress").get("step").asText()).isEqualTo("UPDATE_STEP_WRITING_KERNEL");
            assertThat(writing.get("lastProgress").get("bytesDone").asLong()).isEqualTo(1000);

            report(firmware, serial, "1.2.0", UpdateStep.UPDATE_STEP_FAILED, "kernel partition did not verify");
            assertThat(status(cloud, serial).get("state").asText()).isEqualTo("failed");

            // setting the target again starts a new attempt: the old failure no longer counts
            Thread.sleep(2); // reports are told apart from a target by millisecond: not in the same one
            assertThat(putTarget(cloud, serial, "1.2.0").statusCode()).isEqualTo(200);
            assertThat(status(cloud, serial).get("state").asText()).isEqualTo("pending");

            report(firmware, serial, "1.2.0", UpdateStep.UPDATE_STEP_REBOOTING, "");
            assertThat(status(cloud, serial).get("state").asText()).isEqualTo("in-progress");
            lastSaid(cloud, serial, "1.2.0"); // it came back with the new version
            JsonNode installed = status(cloud, serial);
            assertThat(installed.get("state").asText()).isEqualTo("installed");
            assertThat(installed.get("runningVersion").asText()).isEqualTo("1.2.0");
        }
    }

    private static void report(FirmwareService firmware, String serial, String version, UpdateStep step,
                               String error) {
        firmware.progress(serial, UpdateProgress.newBuilder().setVersion(version).setStep(step).setBytesDone(1000)
                .setBytesTotal(4000).setError(error).build());
    }

    /** What the database keeps of a camera that said Hello with {@code version} and went offline. */
    private static void lastSaid(TestCloud cloud, String serial, String version) {
        cloud.server().devices().recordSightings(List.of(new DeviceStore.Sighting(serial, System.currentTimeMillis(),
                "192.0.2.7:40000", version)));
    }

    private void publish(TestCloud cloud, byte[] bundle) throws Exception {
        HttpResponse<String> r = send(cloud, "POST", "/api/operator/firmware", HttpRequest.BodyPublishers.ofByteArray(bundle),
                "application/octet-stream");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private HttpResponse<String> putTarget(TestCloud cloud, String serial, String version) throws Exception {
        return send(cloud, "PUT", "/api/operator/cameras/" + serial + "/firmware",
                HttpRequest.BodyPublishers.ofString("{\"version\":\"" + version + "\"}"), "application/json");
    }

    private JsonNode status(TestCloud cloud, String serial) throws Exception {
        HttpResponse<String> r = send(cloud, "GET", "/api/operator/cameras/" + serial + "/firmware",
                HttpRequest.BodyPublishers.noBody(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).get("error").asText();
    }

    private HttpResponse<String> send(TestCloud cloud, String method, String path, HttpRequest.BodyPublisher body,
                                      String contentType) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cloud.httpBase() + path)).method(method, body)
                .header("Authorization", "Bearer " + cloud.server().operatorToken());
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
