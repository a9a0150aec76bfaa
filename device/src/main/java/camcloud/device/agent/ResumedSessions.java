package camcloud.device.agent;

import io.netty.handler.ssl.SslHandler;
import java.lang.reflect.Method;
import javax.net.ssl.SSLEngine;

/**
 * Whether a completed TLS handshake resumed an earlier session. Netty's OpenSSL engine knows
 * ({@code SSL_session_reused}) but keeps the method package-private, so it is called reflectively;
 * the JDK engine does not tell, and its handshakes count as full ones.
 */
final class ResumedSessions {

    private static final Method SESSION_REUSED = sessionReused();

    private ResumedSessions() {
    }

    static boolean resumed(SslHandler ssl) {
        if (ssl == null || SESSION_REUSED == null) {
            return false;
        }
        SSLEngine engine = ssl.engine();
        if (!SESSION_REUSED.getDeclaringClass().isInstance(engine)) {
            return false;
        }
        try {
            return (Boolean) SESSION_REUSED.invoke(engine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Method sessionReused() {
        try {
            Method m = Class.forName("io.netty.handler.ssl.ReferenceCountedOpenSslEngine")
                    .getDeclaredMethod("isSessionReused");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
