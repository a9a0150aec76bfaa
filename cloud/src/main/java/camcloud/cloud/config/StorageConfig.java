package camcloud.cloud.config;

import java.util.Properties;
import java.util.Set;

/**
 * Where the node keeps what it stores as files — recorded segments, snapshots, firmware bundles
 * (part of {@link CloudConfig}), with its properties keys:
 *
 * <ul>
 *   <li>{@code storage.url} — empty (the default): directories under the data directory;
 *       {@code s3://BUCKET/PREFIX}: an S3-compatible object store that several nodes share;</li>
 *   <li>{@code storage.s3.endpoint} — {@code http(s)://HOST:PORT} of an S3-compatible server; empty: AWS itself;</li>
 *   <li>{@code storage.s3.region} — the region to sign for (default {@code us-east-1});</li>
 *   <li>{@code storage.s3.access.key}, {@code storage.s3.secret.key} — credentials; when empty the
 *       standard {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} environment variables.</li>
 * </ul>
 *
 * {@link #toString()} never shows the secret key.
 */
public record StorageConfig(String url, String s3Endpoint, String s3Region, String accessKey, String secretKey) {

    public static final Set<String> KEYS = Set.of("storage.url", "storage.s3.endpoint", "storage.s3.region",
            "storage.s3.access.key", "storage.s3.secret.key");

    public StorageConfig {
        url = url == null ? "" : url.strip();
        s3Endpoint = s3Endpoint == null ? "" : s3Endpoint.strip();
        s3Region = s3Region == null || s3Region.isBlank() ? "us-east-1" : s3Region.strip();
        accessKey = accessKey == null ? "" : accessKey.strip();
        secretKey = secretKey == null ? "" : secretKey.strip();
        if (!url.isEmpty() && !url.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
            throw new IllegalArgumentException("storage.url must be empty (local directories) or s3://BUCKET/PREFIX, was '"
                    + url + "'");
        }
        if (!s3Endpoint.isEmpty() && !s3Endpoint.matches("https?://.+")) {
            throw new IllegalArgumentException("storage.s3.endpoint must be http://HOST:PORT or https://HOST:PORT, was '"
                    + s3Endpoint + "'");
        }
    }

    public static StorageConfig defaults() {
        return new StorageConfig("", "", "", "", "");
    }

    /** True when the node keeps its files in local directories under its data directory. */
    public boolean local() {
        return url.isEmpty();
    }

    public StorageConfig withUrl(String storageUrl) {
        return new StorageConfig(storageUrl, s3Endpoint, s3Region, accessKey, secretKey);
    }

    public StorageConfig withS3(String endpoint, String region, String access, String secret) {
        return new StorageConfig(url, endpoint, region, access, secret);
    }

    StorageConfig with(Properties p) {
        return new StorageConfig(p.getProperty("storage.url", url), p.getProperty("storage.s3.endpoint", s3Endpoint),
                p.getProperty("storage.s3.region", s3Region), p.getProperty("storage.s3.access.key", accessKey),
                p.getProperty("storage.s3.secret.key", secretKey));
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + (local() ? "(local directories)" : url) + ", s3Endpoint=" + s3Endpoint
                + ", s3Region=" + s3Region + ", accessKey=" + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "***")
                + "]";
    }
}
