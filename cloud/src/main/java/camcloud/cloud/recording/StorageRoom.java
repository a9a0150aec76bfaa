package camcloud.cloud.recording;

/** Asked by the recorder before each new segment: is there room (after freeing space if needed)? */
@FunctionalInterface
public interface StorageRoom {

    /** True when a new segment may be written; may delete the oldest recordings to make room. */
    boolean ensureRoom();

    StorageRoom UNLIMITED = () -> true;
}
