package camcloud.cloud.api;

import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.User;
import io.javalin.http.Context;
import java.util.Optional;

/** Who is calling: the user of the session cookie, or a 401 for handlers that need one. */
final class SignedIn {

    private final Sessions sessions;

    SignedIn(Sessions sessions) {
        this.sessions = sessions;
    }

    User require(Context ctx) {
        return user(SessionCookie.read(ctx)).orElseThrow(() -> ApiError.unauthorized("not signed in"));
    }

    /** The user of a session token, when it is signed in. */
    Optional<User> user(String token) {
        return sessions.user(token);
    }
}
