package camcloud.cloud.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An object store in an S3-compatible bucket under a key prefix, through the AWS SDK v2 client it is
 * given (see {@link ObjectStores}: path-style, short timeouts, few retries).
 *
 * <p>Shaped like {@link LocalObjectStore}: a {@link PendingObject} writes to a local spool file (the
 * recorder's bytes are on local disk at once, whatever the network does) and {@link
 * PendingObject#commit()} uploads it — one PUT up to the part size, a multipart upload in parts above
 * it — and only then is the object visible under its key (S3 shows no half object, neither of a PUT
 * nor of an uncompleted multipart upload). A commit that fails because the store is unreachable keeps
 * the spool file and the parts already uploaded; calling it again continues the same object.
 *
 * <p>{@link #usedBytes()} lists the prefix once when first asked (only retention's optional storage
 * limit asks), then adds what this node writes and subtracts what it deletes, and lists again in the
 * background every {@link UsageTally#REFRESH} so other nodes' writes show: no listing per call.
 * {@link #usableBytes()} is unknown ({@code Long.MAX_VALUE}): a bucket has no "full".
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);
    /** Smallest part S3 accepts (except the last). */
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    /** A multipart upload of no open object here and older than this is a crashed writer's: aborted by the sweep. */
    static final Duration STALE_UPLOAD = Duration.ofHours(1);
    private static final String SPOOL_SUFFIX = ".spool";

    private final S3Client client;
    private final String endpoint;
    private final String bucket;
    private final String prefix;
    private final Path spool;
    private final StoreMetrics metrics;
    private final long partSize;
    private final Duration staleUpload;
    private final UsageTally usage;
    /** Spool files and multipart uploads of objects this process still writes or may still commit. */
    private final Set<Path> openSpools = ConcurrentHashMap.newKeySet();
    private final Set<String> openUploads = ConcurrentHashMap.newKeySet();

    /**
     * @param endpoint the endpoint for messages ({@code https://s3.REGION.amazonaws.com} for AWS)
     * @param prefix the key prefix in the bucket ({@code ""} or ending in {@code /})
     * @param spool local directory for objects being written (one per store)
     */
    public S3ObjectStore(S3Client client, String endpoint, String bucket, String prefix, Path spool,
            StoreMetrics metrics, long partSize) throws IOException {
        this(client, endpoint, bucket, prefix, spool, metrics, partSize, STALE_UPLOAD);
    }

    S3ObjectStore(S3Client client, String endpoint, String bucket, String prefix, Path spool, StoreMetrics metrics,
            long partSize, Duration staleUpload) throws IOException {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least " + MIN_PART_SIZE + " bytes");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with / (was '" + prefix + "')");
        }
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = prefix;
        this.spool = spool.toAbsolutePath();
        this.metrics = metrics;
        this.partSize = partSize;
        this.staleUpload = staleUpload;
        this.usage = new UsageTally(this::listSize, "camcloud-store-usage-" + metrics.store());
        Files.createDirectories(this.spool);
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix + " at " + endpoint;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        Path file = spool.resolve(UUID.randomUUID() + SPOOL_SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        openSpools.add(file);
        return new S3Pending(key, objectKey, file, channel);
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        if (offset < 0 || length < 0) {
            throw new IOException("range " + offset + "+" + length + " of " + key + " is negative");
        }
        if (length == 0) { // HTTP has no empty range: check the object is there and long enough
            long size = size(key);
            if (offset > size) {
                throw new IOException("range " + offset + "+0 is outside " + key + " (" + size + " bytes)");
            }
            return InputStream.nullInputStream();
        }
        return metrics.time("read", () -> {
            ResponseInputStream<GetObjectResponse> response;
            String contentRange;
            try {
                response = client.getObject(b -> b.bucket(bucket).key(objectKey)
                        .range("bytes=" + offset + "-" + (offset + length - 1)), ResponseTransformer.toInputStream());
                contentRange = response.response().contentRange();
            } catch (S3Exception e) {
                if (e.statusCode() == 416) {
                    throw new IOException("range " + offset + "+" + length + " is outside " + key + " ("
                            + location() + ")");
                }
                throw failure("read", key, e);
            } catch (SdkException e) {
                throw failure("read", key, e);
            }
            // S3 cuts a range that runs past the end; the contract says such a range is an error.
            long total = totalOf(contentRange);
            if (total >= 0 && offset + length > total) {
                response.abort();
                throw new IOException("range " + offset + "+" + length + " is outside " + key + " (" + total
                        + " bytes)");
            }
            BoundedInputStream bounded = new BoundedInputStream(response, length);
            return new java.io.FilterInputStream(bounded) {
                @Override
                public void close() throws IOException {
                    if (bounded.remaining() > 0) {
                        response.abort(); // a reader that stops early (a viewer gone): drop the connection, do not drain it
                    }
                    super.close();
                }
            };
        });
    }

    /** The object's size from {@code Content-Range: bytes A-B/TOTAL}; -1 when not given. */
    private static long totalOf(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? -1 : Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public long size(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        return metrics.time("size", () -> head(key, objectKey).contentLength());
    }

    private HeadObjectResponse head(String key, String objectKey) throws IOException {
        try {
            return client.headObject(b -> b.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw failure("head", key, e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        return metrics.time("delete", () -> {
            long size;
            try {
                size = head(key, objectKey).contentLength(); // S3's DELETE says neither "existed" nor how big
            } catch (NoSuchFileException e) {
                return false;
            }
            try {
                client.deleteObject(b -> b.bucket(bucket).key(objectKey));
            } catch (SdkException e) {
                throw failure("delete", key, e);
            }
            usage.add(-size);
            return true;
        });
    }

    @Override
    public long usedBytes() throws IOException {
        return usage.bytes();
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        StorageKeys.checkPrefix(keyPrefix);
        return metrics.time("list", () -> {
            List<String> keys = new ArrayList<>();
            for (S3Object o : objects(keyPrefix)) {
                keys.add(o.key().substring(prefix.length()));
            }
            keys.sort(null);
            return keys;
        });
    }

    private Iterable<S3Object> objects(String keyPrefix) throws IOException {
        try {
            List<S3Object> all = new ArrayList<>();
            // A key ending in "/" is a folder marker (consoles and some servers make them), never an object of ours.
            client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents().stream()
                    .filter(o -> !o.key().endsWith("/")).forEach(all::add);
            return all;
        } catch (SdkException e) {
            throw failure("list", keyPrefix + "*", e);
        }
    }

    /** Total size of the objects under the prefix: one listing. */
    private long listSize() throws IOException {
        return metrics.time("list", () -> {
            long total = 0;
            for (S3Object o : objects("")) {
                total += o.size();
            }
            return total;
        });
    }

    /**
     * Deletes spool files no open object owns (a crash's leftovers: their bytes were never acknowledged)
     * and aborts multipart uploads under the prefix that no open object here owns and that began more
     * than {@link #STALE_UPLOAD} ago (another node may be uploading the young ones right now). Returns
     * how many.
     */
    @Override
    public int sweepPending() throws IOException {
        return metrics.time("sweep", () -> {
            int removed = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, "*" + SPOOL_SUFFIX)) {
                for (Path f : files) {
                    if (!openSpools.contains(f) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                }
            }
            Instant staleBefore = Instant.now().minus(staleUpload);
            List<MultipartUpload> uploads = new ArrayList<>();
            try {
                client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(uploads::add);
            } catch (S3Exception e) {
                if (e.statusCode() == 501) { // some S3-compatible servers keep no list of uploads
                    log.info("{}: the server cannot list multipart uploads; stale ones are left to its own expiry",
                            location());
                    return removed;
                }
                throw failure("list multipart uploads", prefix + "*", e);
            } catch (SdkException e) {
                throw failure("list multipart uploads", prefix + "*", e);
            }
            for (MultipartUpload u : uploads) {
                boolean stale = u.initiated() == null || !u.initiated().isAfter(staleBefore);
                if (stale && !openUploads.contains(u.uploadId())) {
                    abort(u.key(), u.uploadId());
                    removed++;
                }
            }
            return removed;
        });
    }

    @Override
    public void probe() throws IOException {
        metrics.time("probe", () -> {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new IOException("S3 bucket '" + bucket + "' does not exist at " + endpoint, e);
                }
                if (e.statusCode() == 403 || e.statusCode() == 401) {
                    throw new IOException("S3 bucket '" + bucket + "' at " + endpoint
                            + " refuses the credentials (storage.s3.access.key / AWS_ACCESS_KEY_ID): "
                            + e.getMessage(), e);
                }
                throw failure("probe", "", e);
            } catch (SdkException e) {
                throw failure("probe", "", e);
            }
            return null;
        });
    }

    /** Stops the background listing ({@link ObjectStores} closes the client they share). */
    void close() {
        usage.close();
    }

    private void abort(String objectKey, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("{}: aborting the multipart upload of {} failed: {}", location(), objectKey, e.getMessage());
        }
    }

    /**
     * A clear error naming the endpoint, bucket, operation and key; a missing object becomes {@link
     * NoSuchFileException} like a missing file of the local store.
     */
    private IOException failure(String operation, String key, SdkException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() == 404 && !"probe".equals(operation)) {
            NoSuchFileException missing = new NoSuchFileException(key, null, "no such object in " + location());
            missing.initCause(e);
            return missing;
        }
        String reason = e instanceof S3Exception s3
                ? "HTTP " + s3.statusCode() + " " + (s3.awsErrorDetails() == null ? s3.getMessage()
                        : s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage())
                : "unreachable: " + rootMessage(e);
        return new IOException("S3 store " + endpoint + " bucket '" + bucket + "': " + operation
                + (key.isEmpty() ? "" : " '" + key + "'") + " failed: " + reason, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : t + " (" + e.getMessage() + ")";
    }

    /**
     * Spooled to a local file; {@link #commit()} uploads it. State that survives a failed commit: the
     * spool file, and for a multipart upload its id and the parts done, so a retry sends only the rest.
     */
    private final class S3Pending extends SpooledPending {
        private final String objectKey;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();

        S3Pending(String key, String objectKey, Path file, FileChannel channel) {
            super(key, file, channel, metrics, false);
            this.objectKey = objectKey;
        }

        @Override
        void publish(long size) throws IOException {
            try {
                if (size <= partSize) {
                    client.putObject(b -> b.bucket(bucket).key(objectKey).contentLength(size),
                            RequestBody.fromFile(file));
                } else {
                    uploadInParts(size);
                }
            } catch (SdkException e) {
                throw failure(uploadId == null ? "put" : "multipart upload", key, e);
            }
            openSpools.remove(file);
            Files.deleteIfExists(file);
            usage.add(size);
        }

        @Override
        void discarded() {
            openSpools.remove(file);
            if (uploadId != null) {
                openUploads.remove(uploadId);
                abort(objectKey, uploadId);
            }
        }

        private void uploadInParts(long size) {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
                openUploads.add(uploadId);
            }
            try {
                for (int n = parts.size() + 1; (long) (n - 1) * partSize < size; n++) {
                    long offset = (n - 1) * partSize;
                    long length = Math.min(partSize, size - offset);
                    int number = n;
                    String etag = client.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                            .partNumber(number).contentLength(length), RequestBody.fromContentProvider(
                                    () -> part(offset, length), length, "application/octet-stream")).eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                }
                client.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                openUploads.remove(uploadId);
            } catch (S3Exception e) {
                if (e.statusCode() == 404) { // the upload is gone (aborted by a sweep or the bucket's expiry): start again
                    openUploads.remove(uploadId);
                    uploadId = null;
                    parts.clear();
                }
                throw e;
            }
        }

        /** One part of the spool file, opened afresh for each attempt (the SDK may resend a part). */
        private InputStream part(long offset, long length) {
            try {
                FileChannel c = FileChannel.open(file, StandardOpenOption.READ);
                c.position(offset);
                return new BoundedInputStream(Channels.newInputStream(c), length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
