package camcloud.cloud.api;

import camcloud.cloud.account.Credentials;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.SignInLimits;
import camcloud.cloud.account.User;
import camcloud.cloud.account.Users;
import camcloud.cloud.claim.GuessLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Sign-up, sign-in, sign-out and "who am I". A failed sign-in says only "wrong username or
 * password", whichever it was. Wrong passwords are slowed by {@link SignInLimits} (per username and
 * address strictly, per address and per username generously, never locking the owner out) and
 * sign-ups are limited per client address — each costs an Argon2 hash, and a flood of accounts is
 * the first step of guessing claim codes from many accounts. A refused attempt is a 429 with
 * {@code Retry-After}. Client addresses come from {@link ClientAddress}.
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
    private final SignInLimits signIns;
    private final GuessLimiter signUps;
    private final ClientAddress clientAddress;
    private final int maxBodyBytes;

    /** @param signUps sign-ups per client address: each sign-up that reaches the accounts spends one */
    AuthRoutes(Users users, Sessions sessions, SessionCookie cookie, SignedIn signedIn, SignInLimits signIns,
               GuessLimiter signUps, ClientAddress clientAddress, int maxBodyBytes) {
        this.users = users;
        this.sessions = sessions;
        this.cookie = cookie;
        this.signedIn = signedIn;
        this.signIns = signIns;
        this.signUps = signUps;
        this.clientAddress = clientAddress;
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
        String address = clientAddress.limitKey(ctx.req());
        Duration wait = signUps.retryAfter(address);
        if (!wait.isZero()) {
            throw ApiError.tooManyRequests("too many sign-ups from this address; try again in "
                    + ApiError.retryAfterSeconds(wait) + " s", wait);
        }
        Users.SignUp result = users.signUp(username, password);
        if (result instanceof Users.SignUp.Rejected r) {
            throw ApiError.badRequest(r.message()); // a typo in the form is free: no hash was made
        }
        signUps.failed(address); // an account made, or a taken name learnt: both spend one sign-up
        if (result instanceof Users.SignUp.NameTaken t) {
            throw ApiError.conflict("username '" + t.username() + "' is taken");
        }
        User user = ((Users.SignUp.Created) result).user();
        signIns.succeeded(user.username(), address); // where an account was made is a place it signs in from
        cookie.set(ctx, sessions.start(user.id()), sessions.lifetime());
        ctx.status(201).json(Me.of(user));
    }

    private void signIn(Context ctx) {
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String username = body.requiredString("username", USERNAME_FIELD_MAX);
        String password = body.requiredString("password", PASSWORD_FIELD_MAX);
        String address = clientAddress.limitKey(ctx.req());
        Duration wait = signIns.retryAfter(username, address);
        if (!wait.isZero()) {
            throw ApiError.tooManyRequests("too many failed sign-ins; try again in "
                    + ApiError.retryAfterSeconds(wait) + " s", wait);
        }
        User user = users.authenticate(username, password).orElse(null);
        if (user == null) {
            signIns.failed(username, address);
            throw ApiError.unauthorized("wrong username or password");
        }
        signIns.succeeded(username, address);
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
