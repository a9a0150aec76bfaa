package camcloud.cloud.webhook;

import java.util.List;

/** A registered webhook as its owner sees it (never with its secret). */
public record Webhook(long id, long userId, String url, List<String> kinds, long createdAtMillis) {

    public Webhook {
        kinds = List.copyOf(kinds);
    }
}
