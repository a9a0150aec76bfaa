package camcloud.cloud.gateway;

import io.netty.handler.ssl.OpenSsl;
import java.util.Locale;

/**
 * Which TLS engine the gateway runs ({@code gateway.tls.provider}). {@link #OPENSSL} is Netty's
 * BoringSSL engine: a few KiB of native memory per idle connection instead of the JDK engine's
 * ~16 KiB of heap, handshakes at a fraction of the CPU, and session tickets whose keys all nodes
 * share (a camera whose node died resumes on another). {@link #JDK} needs no native library; its
 * tickets resume only on the node that issued them.
 */
public enum TlsProvider {
    OPENSSL, JDK;

    /** OpenSSL when Netty's native engine loads on this machine, else the JDK's. */
    public static TlsProvider preferred() {
        return OpenSsl.isAvailable() ? OPENSSL : JDK;
    }

    /** {@code openssl} or {@code jdk} (any case); anything else fails with the setting's name. */
    public static TlsProvider parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "openssl" -> OPENSSL;
            case "jdk" -> JDK;
            default -> throw new IllegalArgumentException(
                    "gateway.tls.provider must be openssl or jdk, was '" + value + "'");
        };
    }

    /** The setting's value for this provider. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
