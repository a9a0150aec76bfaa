package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.push.PageStream;
import camcloud.cloud.push.PushHub;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/push}: a server-sent event stream for one open page of a signed-in user
 * ({@code text/event-stream}; events {@code event}, {@code camera}, {@code notification}; see
 * {@link PushHub}). The request is held open asynchronously and written without blocking
 * ({@link PageStream}), so thousands of idle pages cost no threads; it ends when the page closes or
 * its session ends. A {@code HEAD} gets the headers only.
 */
final class PushRoute {

    private final PushHub hub;
    private final SignedIn signedIn;

    PushRoute(PushHub hub, SignedIn signedIn) {
        this.hub = hub;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.get("/api/push", this::push);
    }

    private void push(Context ctx) {
        User user = signedIn.require(ctx);
        String token = SessionCookie.read(ctx);
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType("text/event-stream");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no"); // nginx: pass each message on at once
        if (HeadAsGet.isHead(ctx)) {
            return;
        }
        PageStream page = hub.open(user.id(), token);
        ctx.future(() -> {
            try {
                page.start(ctx.req().getAsyncContext(), ctx.res().getOutputStream());
            } catch (IOException e) {
                page.end();
                throw new UncheckedIOException(e);
            }
            return page.done();
        });
    }
}
