package camcloud.cloud.storage;

import camcloud.cloud.config.StorageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens the node's stores from its {@link StorageConfig}:
 *
 * <ul>
 *   <li>local (no {@code storage.url}): directories {@code DATA/video}, {@code DATA/snapshots} and
 *       {@code DATA/firmware/bundles} — where they have always been;</li>
 *   <li>{@code s3://BUCKET/PREFIX}: prefixes {@code PREFIX/video/}, {@code PREFIX/snapshots/},
 *       {@code PREFIX/firmware/} of one bucket, one S3 client for the three; objects being written
 *       are spooled under {@code DATA/spool/}.</li>
 * </ul>
 *
 * The S3 client fails fast when the store is away (connect timeout 3 s, read timeout 5 s, two
 * attempts), so a recorder or an HTTP request learns it in seconds and not minutes; checksums only
 * where S3 requires them, which keeps it working with S3-compatible servers. Opening probes the bucket:
 * an unreachable endpoint or a missing bucket is an error naming both, before the node takes cameras.
 */
public final class ObjectStores {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final int ATTEMPTS = 2;

    private ObjectStores() {
    }

    public static NodeStorage open(StorageConfig config, Path dataDir, MeterRegistry meters) throws IOException {
        if (config.local()) {
            return new NodeStorage(new LocalObjectStore(dataDir.resolve("video"), new StoreMetrics(meters, "video")),
                    new LocalObjectStore(dataDir.resolve("snapshots"), new StoreMetrics(meters, "snapshots")),
                    new LocalObjectStore(dataDir.resolve("firmware").resolve("bundles"),
                            new StoreMetrics(meters, "firmware")),
                    () -> { });
        }
        String rest = config.url().substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        prefix = prefix.isEmpty() ? "" : prefix + "/";
        String endpoint = config.s3Endpoint().isEmpty()
                ? "https://s3." + config.s3Region() + ".amazonaws.com" : config.s3Endpoint();
        S3Client client = client(config);
        try {
            Path spool = dataDir.resolve("spool");
            List<S3ObjectStore> stores = List.of(
                    s3(client, endpoint, bucket, prefix + "video/", spool.resolve("video"), meters, "video"),
                    s3(client, endpoint, bucket, prefix + "snapshots/", spool.resolve("snapshots"), meters, "snapshots"),
                    s3(client, endpoint, bucket, prefix + "firmware/", spool.resolve("firmware"), meters, "firmware"));
            stores.get(0).probe(); // one bucket: one probe says whether all three answer
            return new NodeStorage(stores.get(0), stores.get(1), stores.get(2), () -> {
                stores.forEach(S3ObjectStore::close);
                client.close();
            });
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static S3ObjectStore s3(S3Client client, String endpoint, String bucket, String prefix, Path spool,
            MeterRegistry meters, String name) throws IOException {
        return new S3ObjectStore(client, endpoint, bucket, prefix, spool, new StoreMetrics(meters, name),
                S3ObjectStore.DEFAULT_PART_SIZE);
    }

    /** The S3 client of {@code config}: path-style, endpoint override, region, credentials, fail-fast timeouts. */
    public static S3Client client(StorageConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .region(Region.of(config.s3Region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(ATTEMPTS)));
        if (!config.s3Endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(config.s3Endpoint()));
        }
        return builder.build();
    }

    /** The configured keys; else the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, roles). */
    private static AwsCredentialsProvider credentials(StorageConfig config) {
        if (!config.accessKey().isEmpty() && !config.secretKey().isEmpty()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
