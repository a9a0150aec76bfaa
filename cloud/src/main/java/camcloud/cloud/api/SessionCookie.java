package camcloud.cloud.api;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The sign-in cookie. {@code HttpOnly} so page scripts cannot read it, {@code SameSite=Strict} so
 * other sites cannot make the browser send it (our CSRF defence, together with JSON-only bodies),
 * {@code Path=/}, and {@code Secure} when the server is reached over HTTPS. Written by hand so every
 * attribute is visible here and in the response.
 */
final class SessionCookie {

    static final String NAME = "camcloud_session";

    private final boolean secure;

    SessionCookie(boolean secure) {
        this.secure = secure;
    }

    void set(Context ctx, String token, Duration lifetime) {
        ctx.res().addHeader("Set-Cookie", NAME + "=" + token + "; Path=/; Max-Age=" + lifetime.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
    }

    /** The token the browser sent, or null. */
    static String read(Context ctx) {
        return ctx.cookie(NAME);
    }
}
