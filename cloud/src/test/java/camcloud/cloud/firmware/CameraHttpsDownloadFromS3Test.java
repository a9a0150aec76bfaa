package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.config.StorageConfig;
import camcloud.cloud.engines.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The camera HTTPS downloads (whole, by Range, HEAD) of {@link CameraHttpsDownloadTest} from a node
 * whose firmware bundles are objects in an S3 bucket (a real s3proxy).
 */
class CameraHttpsDownloadFromS3Test extends CameraHttpsDownloadTest {

    private S3Server s3;

    @Override
    TestCloud startCloud(Path dir) throws IOException {
        s3 = S3Server.start(dir.resolve("s3"));
        s3.createBucket("camcloud");
        StorageConfig storage = StorageConfig.defaults().withUrl("s3://camcloud/site")
                .withS3(s3.endpoint(), "us-east-1", S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        return TestCloud.start(dir, c -> c.withStorage(storage));
    }

    @Test
    void theBundleIsAnObjectInTheBucketAndNotOnTheNodesDisk() throws IOException {
        try (var models = Files.list(s3.bucketDirectory("camcloud").resolve("site/firmware"))) {
            assertThat(models.toList()).isNotEmpty();
        }
        Path local = dir.resolve("data/firmware/bundles");
        assertThat(Files.exists(local)).isFalse();
    }

    @AfterEach
    void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }
}
