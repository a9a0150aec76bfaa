package camcloud.cloud.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few commands sent to each camera from this node, newest first: what the owner sees as the
 * camera's recent commands. In memory only (a node restart starts it again), {@link #PER_CAMERA}
 * entries per camera, forgotten when the camera changes hands.
 */
public final class CommandLog {

    static final int PER_CAMERA = 20;

    /**
     * One command.
     *
     * @param result  {@code pending} until it ends; then the camera's answer ({@code ok}, {@code rejected},
     *                {@code unsupported}, {@code failed}) or what happened instead ({@code timeout},
     *                {@code offline}: the camera went away before answering; {@code busy}: too many
     *                commands were waiting for it)
     * @param by      the username of who sent it
     */
    public record Entry(long id, String kind, String by, Instant sentAt, String result, String message,
                        Instant endedAt) {

        Entry ended(String result, String message, Instant at) {
            return new Entry(id, kind, by, sentAt, result, message, at);
        }
    }

    private final ConcurrentHashMap<String, Deque<Entry>> bySerial = new ConcurrentHashMap<>();

    void sent(String serial, Entry entry) {
        Deque<Entry> entries = bySerial.computeIfAbsent(serial, s -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > PER_CAMERA) {
                entries.removeLast();
            }
        }
    }

    void ended(String serial, long id, String result, String message, Instant at) {
        Deque<Entry> entries = bySerial.get(serial);
        if (entries == null) {
            return;
        }
        synchronized (entries) {
            List<Entry> copy = new ArrayList<>(entries);
            entries.clear();
            for (Entry e : copy) {
                entries.addLast(e.id() == id ? e.ended(result, message, at) : e);
            }
        }
    }

    /** The camera's recent commands, newest first. */
    public List<Entry> recent(String serial) {
        Deque<Entry> entries = bySerial.get(serial);
        if (entries == null) {
            return List.of();
        }
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Forgets the camera's commands: it changed hands, and the next owner's log starts empty. */
    public void forget(String serial) {
        bySerial.remove(serial);
    }
}
