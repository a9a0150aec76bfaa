package camcloud.cloud.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract over a local directory. */
class LocalObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;
    private LocalObjectStore store;

    @Override
    ObjectStore store() throws IOException {
        store = new LocalObjectStore(dir.resolve("store"));
        return store;
    }

    /** A directory where the object should go: the rename fails (as root, permissions would not stop it). */
    @Override
    void outage(String key) throws IOException {
        Files.createDirectories(store.root().resolve(key).resolve("blocker"));
    }

    @Override
    void recover(String key) throws IOException {
        Files.delete(store.root().resolve(key).resolve("blocker"));
        Files.delete(store.root().resolve(key));
    }

    @Override
    ObjectStore unreachable() throws IOException {
        LocalObjectStore gone = new LocalObjectStore(dir.resolve("gone"));
        Files.delete(gone.root());
        return gone;
    }

    @Override
    String where(ObjectStore s) {
        return ((LocalObjectStore) s).root().toString();
    }

    @Override
    void crashLeftover() throws IOException {
        Files.createDirectories(store.root().resolve("CAM1"));
        Files.write(store.root().resolve("CAM1/crashed.mp4.part"), new byte[100]);
    }
}
