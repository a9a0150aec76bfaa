package camcloud.cloud.event;

/**
 * Hears every event after it is committed: once when it starts ({@code ended} false) and once when it
 * ends. Called on a thread of the event service, never a gateway event loop; return quickly (queue
 * slow work such as a webhook POST).
 */
@FunctionalInterface
public interface EventListener {

    void onEvent(StoredEvent event, boolean ended);
}
