package camcloud.cloud.api;

import camcloud.cloud.push.PagePush;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link PagePush} that remembers what it was given, for tests. */
public final class RecordedPushes implements PagePush {

    /** One message pushed to a user's pages. */
    public record Pushed(long userId, String name, Object payload) {
    }

    private final List<Pushed> pushed = new CopyOnWriteArrayList<>();

    @Override
    public void toUser(long userId, String name, Object payload) {
        pushed.add(new Pushed(userId, name, payload));
    }

    public List<Pushed> all() {
        return List.copyOf(pushed);
    }
}
