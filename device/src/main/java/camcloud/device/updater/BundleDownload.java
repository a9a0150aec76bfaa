package camcloud.device.updater;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Downloads a bundle into RAM (the camera's tmpfs), resuming with HTTP {@code Range} after a broken
 * or stalled connection: a read that waits longer than the stall timeout drops the connection, and
 * the next attempt asks for {@code bytes=<received>-}. A server that ignores Range (200 instead of
 * 206) restarts the download from zero. The result must be exactly the size and SHA-256 the signed
 * offer names, or it is refused — before anything else looks at it.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: it has a per-read
 * timeout, which is what detects a stalled download.
 */
public final class BundleDownload {

    /** Bundles above this are refused whatever the offer says: a camera's RAM is tens of MiB. */
    public static final long MAX_BUNDLE = 32L << 20;

    private final SSLSocketFactory tls;
    private final Duration stallTimeout;
    private final int attempts;

    /**
     * @param tls          for https URLs (pinned to the platform CA, with the device's certificate); null for http only
     * @param stallTimeout how long a read may wait for bytes before the connection counts as stalled
     * @param attempts     connections tried before giving up
     */
    public BundleDownload(SSLSocketFactory tls, Duration stallTimeout, int attempts) {
        this.tls = tls;
        this.stallTimeout = stallTimeout;
        this.attempts = attempts;
    }

    /** What one download did, for tests and progress reports. */
    public interface Listener {
        void progress(long received, long total, int attempt);
    }

    /**
     * @throws UpdateException refused: too big, wrong size or hash, or still incomplete after every attempt
     */
    public byte[] fetch(String url, long size, byte[] sha256, Listener listener) throws UpdateException {
        if (size <= 0 || size > MAX_BUNDLE) {
            throw UpdateException.refused("bundle size " + size + " is outside 1.." + MAX_BUNDLE);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream((int) size);
        String lastError = "no attempt";
        for (int attempt = 1; attempt <= attempts && received.size() < size; attempt++) {
            try {
                fetchFrom(url, received, size, attempt, listener);
            } catch (IOException e) {
                lastError = e.toString();
            } catch (IllegalArgumentException e) { // a malformed URL in the offer: no attempt will do better
                throw UpdateException.refused("bundle URL unusable: " + e.getMessage(), e);
            }
        }
        if (received.size() != size) {
            throw UpdateException.refused("download incomplete after " + attempts + " attempts: " + received.size()
                    + " of " + size + " bytes (" + lastError + ")");
        }
        byte[] bundle = received.toByteArray();
        if (!Arrays.equals(sha256(bundle), sha256)) {
            throw UpdateException.refused("downloaded bundle does not match the SHA-256 in the signed offer");
        }
        return bundle;
    }

    private void fetchFrom(String url, ByteArrayOutputStream received, long size, int attempt, Listener listener)
            throws IOException {
        URL u = URI.create(url).toURL();
        HttpURLConnection http = (HttpURLConnection) u.openConnection();
        try {
            if (http instanceof HttpsURLConnection https) {
                if (tls == null) {
                    throw new IOException("https download without the camera's TLS settings");
                }
                https.setSSLSocketFactory(tls);
            }
            http.setConnectTimeout((int) stallTimeout.toMillis());
            http.setReadTimeout((int) stallTimeout.toMillis());
            long from = received.size();
            if (from > 0) {
                http.setRequestProperty("Range", "bytes=" + from + "-");
            }
            int status = http.getResponseCode();
            if (status == 200 && from > 0) {
                received.reset(); // the server ignored Range: start over
            } else if (status != 200 && status != 206) {
                throw new IOException("HTTP " + status + " from the firmware endpoint");
            } else if (status == 206 && !String.valueOf(http.getHeaderField("Content-Range")).startsWith("bytes " + from + "-")) {
                throw new IOException("the server answered Range bytes=" + from + "- with "
                        + http.getHeaderField("Content-Range"));
            }
            try (InputStream in = http.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (received.size() + n > size) {
                        throw new IOException("the server sent more than the " + size + " bytes the offer names");
                    }
                    received.write(buffer, 0, n);
                    listener.progress(received.size(), size, attempt);
                }
            }
        } finally {
            http.disconnect();
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
