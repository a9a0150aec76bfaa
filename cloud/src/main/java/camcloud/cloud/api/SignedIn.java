package camcloud.cloud.api;

import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.User;
import io.javalin.http.Context;

/** Who is calling: the user of the session cookie, or a 401 for handlers that need one. */
final class SignedIn {

    private final Sessions sessions;

    SignedIn(Sessions sessions) {
        this.sessions = sessions;
    }

    User require(Context ctx) {
        return sessions.user(SessionCookie.read(ctx))
                .orElseThrow(() -> ApiError.unauthorized("not signed in"));
    }
}
