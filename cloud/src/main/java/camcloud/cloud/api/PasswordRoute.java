package camcloud.cloud.api;

import camcloud.cloud.account.Credentials;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.User;
import camcloud.cloud.account.Users;
import camcloud.cloud.claim.GuessLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/me/password} {@code {"currentPassword": "...", "newPassword": "..."}}: a signed-in
 * user changes their password. The current password is asked again (a borrowed, unlocked browser is
 * not enough), wrong ones are limited like sign-ins, the new one follows the sign-up rules, and every
 * other session of the account ends — their live video within a second or two. The session that
 * made the change stays signed in. Answers {@code {"otherSessionsEnded": N}}.
 */
final class PasswordRoute {

    private static final Set<String> FIELDS = Set.of("currentPassword", "newPassword");
    private static final int PASSWORD_FIELD_MAX = 4 * Credentials.PASSWORD_MAX;

    private final Users users;
    private final Sessions sessions;
    private final SignedIn signedIn;
    private final GuessLimiter wrongPasswords;
    private final int maxBodyBytes;

    PasswordRoute(Users users, Sessions sessions, SignedIn signedIn, GuessLimiter wrongPasswords, int maxBodyBytes) {
        this.users = users;
        this.sessions = sessions;
        this.signedIn = signedIn;
        this.wrongPasswords = wrongPasswords;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/me/password", this::change);
    }

    private void change(Context ctx) {
        User user = signedIn.require(ctx);
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String current = body.requiredString("currentPassword", PASSWORD_FIELD_MAX);
        String next = body.requiredString("newPassword", PASSWORD_FIELD_MAX);
        String key = "password-change:" + user.id();
        Duration wait = wrongPasswords.retryAfter(key);
        if (!wait.isZero()) {
            throw ApiError.tooManyRequests("too many wrong passwords; try again in "
                    + ApiError.retryAfterSeconds(wait) + " s", wait);
        }
        if (users.authenticate(user.username(), current).isEmpty()) {
            wrongPasswords.failed(key);
            throw ApiError.forbidden("the current password is wrong");
        }
        wrongPasswords.succeeded(key);
        users.changePassword(user, next).ifPresent(problem -> {
            throw ApiError.badRequest(problem);
        });
        int ended = sessions.endOthers(user.id(), SessionCookie.read(ctx));
        ctx.json(Map.of("otherSessionsEnded", ended));
    }
}
