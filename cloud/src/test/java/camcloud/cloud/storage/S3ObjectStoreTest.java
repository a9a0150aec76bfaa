package camcloud.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.config.StorageConfig;
import camcloud.cloud.engines.S3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The object store contract over a real S3-compatible server (s3proxy, filesystem backend). */
class S3ObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;
    private S3Server s3;
    private S3Client client;
    private Path spool;

    @Override
    ObjectStore store() throws IOException {
        s3 = S3Server.start(dir.resolve("s3"));
        s3.createBucket("camcloud");
        client = ObjectStores.client(config(s3.endpoint()));
        spool = dir.resolve("spool");
        // parts of the smallest size S3 allows, and any upload no open object owns counts as stale
        return new S3ObjectStore(client, s3.endpoint(), "camcloud", "node/video/", spool, StoreMetrics.none("video"),
                S3ObjectStore.MIN_PART_SIZE, Duration.ZERO);
    }

    private static StorageConfig config(String endpoint) {
        return StorageConfig.defaults().withUrl("s3://camcloud/node").withS3(endpoint, "us-east-1",
                S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    void outage(String key) {
        s3.stop();
    }

    @Override
    void recover(String key) throws IOException {
        s3.start();
    }

    @Override
    ObjectStore unreachable() throws IOException {
        String nowhere;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            nowhere = "http://127.0.0.1:" + free.getLocalPort(); // nothing listens there once closed
        }
        client = ObjectStores.client(config(nowhere));
        return new S3ObjectStore(client, nowhere, "camcloud", "", dir.resolve("spool"), StoreMetrics.none("video"),
                S3ObjectStore.DEFAULT_PART_SIZE);
    }

    @Override
    String where(ObjectStore s) {
        return "bucket 'camcloud'";
    }

    /** A spool file of a write that never committed, and a multipart upload another writer began and left. */
    @Override
    void crashLeftover() throws IOException {
        Files.write(spool.resolve("crashed.spool"), new byte[100]);
        client.createMultipartUpload(b -> b.bucket("camcloud").key("node/video/CAM1/crashed.mp4"));
    }

    @Test
    void unreachableStoreNamesEndpointBucketAndOperation() throws IOException {
        ObjectStore store = unreachable();
        assertThatThrownBy(() -> store.read("CAM1/x.mp4", 0, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("read 'CAM1/x.mp4'")
                .hasMessageContaining("unreachable");
    }

    @Test
    void openingNamesTheEndpointAndBucketWhenEitherIsMissing() throws IOException {
        store();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        assertThatThrownBy(() -> ObjectStores.open(config(s3.endpoint()).withUrl("s3://no-such-bucket/x"),
                dir.resolve("data"), meters)).isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-bucket").hasMessageContaining(s3.endpoint())
                .hasMessageContaining("does not exist");
        s3.stop();
        assertThatThrownBy(() -> ObjectStores.open(config(s3.endpoint()), dir.resolve("data"), meters))
                .isInstanceOf(IOException.class).hasMessageContaining("camcloud").hasMessageContaining(s3.endpoint());
    }

    @Test
    void nodeStoresAreThreePrefixesOfOneBucketAndTimed() throws IOException {
        store();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (NodeStorage node = ObjectStores.open(config(s3.endpoint()), dir.resolve("data"), meters)) {
            put(node.video(), "CAM1/a.mp4", bytes(10, 1));
            put(node.snapshots(), "CAM1/a.jpg", bytes(10, 2));
            put(node.firmware(), "model/model-1.0.0.bundle", bytes(10, 3));
            node.probe();
            assertThat(node.video().keys()).containsExactly("CAM1/a.mp4");
            assertThat(node.snapshots().keys()).containsExactly("CAM1/a.jpg");
            assertThat(node.firmware().keys()).containsExactly("model/model-1.0.0.bundle");
            assertThat(node.video().usableBytes()).isEqualTo(Long.MAX_VALUE);
            assertThat(node.video().location()).contains("s3://camcloud/node/video/");
        }
        assertThat(Files.exists(s3.bucketDirectory("camcloud").resolve("node/video/CAM1/a.mp4"))).isTrue();
        assertThat(Files.exists(s3.bucketDirectory("camcloud").resolve("node/firmware/model/model-1.0.0.bundle")))
                .isTrue();
        assertThat(meters.get("camcloud.store.write").tag("store", "video").tag("outcome", "ok").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("camcloud.store.probe").tag("store", "video").timer().count()).isPositive();
    }
}
