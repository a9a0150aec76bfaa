package camcloud.cloud.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.TestCloud;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraFlash;
import camcloud.device.provision.BulkProvisioner;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory's bulk path against a real node: identities made on the factory side, one API request
 * per batch, flashes written like the one-camera path writes them — and the cameras then dial the
 * gateway and are welcomed, as cameras provisioned one by one are.
 */
class BulkProvisionerTest {

    private static final List<CameraModel> MODELS = CameraModels.builtIn().all();

    @TempDir
    Path dir;

    @Test
    void camerasProvisionedInBulkConnectAndAreWelcomed() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            List<Path> flashes = flashes(5);
            List<CameraModel> models = new ArrayList<>();
            for (int i = 0; i < flashes.size(); i++) {
                models.add(MODELS.get(i % MODELS.size()));
            }

            List<FactoryProvisioner.Provisioned> cameras = BulkProvisioner.provision(flashes, models,
                    cloud.cloudAddress(), URI.create(cloud.httpBase()), cloud.server().operatorToken());

            assertThat(cameras).hasSize(5);
            assertThat(cameras).extracting(FactoryProvisioner.Provisioned::model)
                    .containsExactlyElementsOf(models.stream().map(CameraModel::id).toList());
            for (int i = 0; i < cameras.size(); i++) {
                String serial = cameras.get(i).serial();
                assertThat(cloud.server().devices().findBySerial(serial)).isPresent();
                try (CameraFlash flash = CameraFlash.openOrCreate(flashes.get(i), models.get(i))) {
                    assertThat(flash.identity().serial()).isEqualTo(serial);
                    assertThat(flash.config().orElseThrow().cloudAddress()).isEqualTo(cloud.cloudAddress().cloudAddress());
                }
                VirtualCamera camera = cloud.powerOn(flashes.get(i));
                assertThat(TestCloud.await(Duration.ofSeconds(20), camera::online)).as("camera %s welcomed", serial)
                        .isTrue();
                assertThat(cloud.server().presence().isOnline(serial)).isTrue();
            }
        }
    }

    @Test
    void aBatchTheCloudRefusesWritesNoFlashAndAProvisionedFlashIsNotProvisionedAgain() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            List<Path> flashes = flashes(2);
            List<CameraModel> models = List.of(MODELS.get(0), MODELS.get(0));
            URI api = URI.create(cloud.httpBase());

            assertThatThrownBy(() -> BulkProvisioner.provision(flashes, models, cloud.cloudAddress(), api,
                    "not-the-token")).isInstanceOf(FactoryProvisioner.ProvisioningException.class)
                    .hasMessageContaining("401");
            assertThat(flashes).allMatch(f -> !Files.exists(f));
            assertThat(cloud.server().devices().all()).isEmpty();

            BulkProvisioner.provision(flashes.subList(0, 1), models.subList(0, 1), cloud.cloudAddress(), api,
                    cloud.server().operatorToken());
            assertThatThrownBy(() -> BulkProvisioner.provision(flashes, models, cloud.cloudAddress(), api,
                    cloud.server().operatorToken())).hasMessageContaining("already provisioned");
            assertThat(cloud.server().devices().all()).as("nothing registered for the refused run").hasSize(1);
            assertThat(flashes.get(1)).doesNotExist();
        }
    }

    private List<Path> flashes(int n) {
        List<Path> flashes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            flashes.add(dir.resolve("bulk-" + i + ".flash"));
        }
        return flashes;
    }
}
