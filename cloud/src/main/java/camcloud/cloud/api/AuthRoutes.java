package camcloud.cloud.api;

import camcloud.cloud.account.Credentials;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.User;
import camcloud.cloud.account.Users;
import camcloud.cloud.claim.GuessLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Sign-up, sign-in, sign-out and "who am I". A failed sign-in says only "wrong username or
 * password", whichever it was, and failures are limited per username and per client address so a
 * password cannot be guessed at speed.
 */
final class AuthRoutes {

    /** Password field limit at the JSON level; {@link Credentials} gives the precise rule at sign-up. */
    private static final int PASSWORD_FIELD_MAX = 4 * Credentials.PASSWORD_MAX;
    private static final int USERNAME_FIELD_MAX = 64;
    private static final Set<String> FIELDS = Set.of("username", "password");

    record Me(long id, String username, String createdAt) {
        static Me of(User u) {
            return new Me(u.id(), u.username(), Instant.ofEpochMilli(u.createdAt()).toString());
        }
    }

    private final Users users;
    private final Sessions sessions;
    private final SessionCookie cookie;
    private final SignedIn signedIn;
    private final GuessLimiter signInFailures;
    private final int maxBodyBytes;

    AuthRoutes(Users users, Sessions sessions, SessionCookie cookie, SignedIn signedIn,
               GuessLimiter signInFailures, int maxBodyBytes) {
        this.users = users;
        this.sessions = sessions;
        this.cookie = cookie;
        this.signedIn = signedIn;
        this.signInFailures = signInFailures;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/auth/signup", this::signUp);
        app.post("/api/auth/signin", this::signIn);
        app.post("/api/auth/signout", this::signOut);
        app.get("/api/me", ctx -> ctx.json(Me.of(signedIn.require(ctx))));
    }

    private void signUp(Context ctx) {
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String username = body.requiredString("username", USERNAME_FIELD_MAX);
        String password = body.requiredString("password", PASSWORD_FIELD_MAX);
        Users.SignUp result = users.signUp(username, password);
        if (result instanceof Users.SignUp.Rejected r) {
            throw ApiError.badRequest(r.message());
        }
        if (result instanceof Users.SignUp.NameTaken t) {
            throw ApiError.conflict("username '" + t.username() + "' is taken");
        }
        User user = ((Users.SignUp.Created) result).user();
        cookie.set(ctx, sessions.start(user.id()), sessions.lifetime());
        ctx.status(201).json(Me.of(user));
    }

    private void signIn(Context ctx) {
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String username = body.requiredString("username", USERNAME_FIELD_MAX);
        String password = body.requiredString("password", PASSWORD_FIELD_MAX);
        String[] keys = {"name:" + username.strip().toLowerCase(Locale.ROOT), "ip:" + ctx.ip()};
        Duration wait = signInFailures.retryAfter(keys);
        if (!wait.isZero()) {
            throw ApiError.tooManyRequests("too many failed sign-ins; try again in "
                    + ApiError.retryAfterSeconds(wait) + " s", wait);
        }
        User user = users.authenticate(username, password).orElse(null);
        if (user == null) {
            signInFailures.failed(keys);
            throw ApiError.unauthorized("wrong username or password");
        }
        signInFailures.succeeded(keys[0]);
        cookie.set(ctx, sessions.start(user.id()), sessions.lifetime());
        ctx.json(Me.of(user));
    }

    /** Always succeeds: signing out twice, or without a session, is not an error. */
    private void signOut(Context ctx) {
        sessions.end(SessionCookie.read(ctx));
        cookie.clear(ctx);
        ctx.status(204);
    }
}
