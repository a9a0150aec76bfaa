package camcloud.cloud.push;

/**
 * Pushes a message to every page a user has open ({@code GET /api/push}, a server-sent event stream):
 * {@code name} becomes the SSE event name ({@code event}, {@code camera}, {@code notification}) and
 * {@code payload} its JSON data. Never blocks: a page that cannot keep up loses messages, it does not
 * slow the caller.
 */
@FunctionalInterface
public interface PagePush {

    void toUser(long userId, String name, Object payload);
}
