package camcloud.cloud.engines;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for the tests: s3proxy (the Maven artifact {@code org.gaul:s3proxy})
 * in this JVM over a filesystem backend in a temporary directory, on a free port of 127.0.0.1, with
 * V2/V4 signature checking on. {@link #stop()} and {@link #start()} take it away and bring it back on
 * the same port (the store "unreachable while running"). Other processes reach it at {@link #endpoint()}.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "camcloud-test-access";
    public static final String SECRET_KEY = "camcloud-test-secret-0123456789";

    private final Path dir;
    private final int port;
    private S3Proxy proxy;
    private BlobStoreContext context;

    private S3Server(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server with an empty store. */
    public static S3Server start(Path dir) throws IOException {
        Files.createDirectories(dir);
        S3Server server = new S3Server(dir, PostgresServer.freePort());
        server.start();
        return server;
    }

    /** (Re)starts the server on its port over the same directory. */
    public synchronized void start() throws IOException {
        if (proxy != null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("s3proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("s3proxy did not start: " + e.getMessage(), e);
        }
    }

    /** Stops serving (connections are refused) until {@link #start()}; what it stored stays. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop: " + e.getMessage(), e);
        } finally {
            context.close();
            proxy = null;
            context = null;
        }
    }

    /** Creates a bucket (a folder of the backend) and returns its name. */
    public String createBucket(String name) throws IOException {
        Files.createDirectories(dir.resolve(name));
        return name;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the backend keeps bucket {@code bucket}'s objects (one file per key). */
    public Path bucketDirectory(String bucket) {
        return dir.resolve(bucket);
    }

    @Override
    public void close() {
        stop();
    }
}
