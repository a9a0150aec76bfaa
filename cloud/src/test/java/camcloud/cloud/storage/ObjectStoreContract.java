package camcloud.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} does, run over each implementation by a subclass: put, read whole and
 * by byte range, list by prefix, delete, large objects, commit retried after an outage, the error of an
 * unreachable store, pending objects invisible until committed, and the sweep of interrupted writes.
 */
abstract class ObjectStoreContract {

    /** The store under test (fresh and empty for each test). */
    abstract ObjectStore store() throws IOException;

    /** Takes the store away so that committing {@code key} fails with an IOException. */
    abstract void outage(String key) throws IOException;

    /** Brings the store back after {@link #outage}. */
    abstract void recover(String key) throws IOException;

    /** A store of the same kind that cannot be reached. */
    abstract ObjectStore unreachable() throws IOException;

    /** Leaves what a crash in the middle of writing an object leaves behind. */
    abstract void crashLeftover() throws IOException;

    /** Larger than the part size the implementation under test uploads in (if it has parts). */
    long largeSize() {
        return 11L << 20;
    }

    static byte[] bytes(long size, long seed) {
        byte[] b = new byte[Math.toIntExact(size)];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void put(ObjectStore store, String key, byte[] content) throws IOException {
        try (ObjectStore.PendingObject o = store.create(key)) {
            o.stream().write(content);
            o.commit();
        }
    }

    static byte[] read(ObjectStore store, String key, long offset, long length) throws IOException {
        try (InputStream in = store.read(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenReadWholeAndByRange() throws IOException {
        ObjectStore store = store();
        byte[] content = bytes(100_000, 1);
        put(store, "CAM1/2026-12-03/seg-1.mp4", content);
        assertThat(store.size("CAM1/2026-12-03/seg-1.mp4")).isEqualTo(content.length);
        assertThat(read(store, "CAM1/2026-12-03/seg-1.mp4", 0, content.length)).isEqualTo(content);
        assertThat(read(store, "CAM1/2026-12-03/seg-1.mp4", 1000, 5000))
                .isEqualTo(Arrays.copyOfRange(content, 1000, 6000));
        assertThat(read(store, "CAM1/2026-12-03/seg-1.mp4", content.length - 1, 1))
                .containsExactly(content[content.length - 1]);
        assertThat(read(store, "CAM1/2026-12-03/seg-1.mp4", 10, 0)).isEmpty();
        assertThatThrownBy(() -> read(store, "CAM1/2026-12-03/seg-1.mp4", content.length - 10, 11))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> store.read("CAM1/2026-12-03/none.mp4", 0, 1)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size("CAM1/2026-12-03/none.mp4")).isInstanceOf(NoSuchFileException.class);
        assertThat(store.usedBytes()).isEqualTo(content.length);
    }

    @Test
    void aPendingObjectCutBackKeepsItsFirstBytesAndADiscardedOneCannotBeCommitted() throws IOException {
        ObjectStore store = store();
        byte[] content = bytes(50_000, 3);
        try (ObjectStore.PendingObject p = store.create("CAM1/2026-12-03/cut.mp4")) {
            p.stream().write(content);
            p.truncate(20_000); // a draining recorder ends the segment at its last keyframe
            p.stream().write(content, 40_000, 10);
            p.commit();
            p.commit(); // a repeated commit of a done object changes nothing
        }
        byte[] expected = Arrays.copyOf(content, 20_010);
        System.arraycopy(content, 40_000, expected, 20_000, 10);
        assertThat(read(store, "CAM1/2026-12-03/cut.mp4", 0, expected.length)).isEqualTo(expected);

        ObjectStore.PendingObject discarded = store.create("CAM1/2026-12-03/gone.mp4");
        discarded.stream().write(content);
        discarded.close();
        assertThatThrownBy(discarded::commit).isInstanceOf(IOException.class).hasMessageContaining("discarded");
        assertThat(store.list("CAM1/2026-12-03/")).containsExactly("CAM1/2026-12-03/cut.mp4");
    }

    @Test
    void gatheredWritesKeepTheirOrderWithStreamWritesAndCutsAndLetGoOfTheirBuffers() throws IOException {
        ObjectStore store = store();
        byte[] content = bytes(300_000, 4);
        List<ByteBuf> given = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (ObjectStore.PendingObject p = store.create("CAM1/2026-12-03/gathered.mp4")) {
            p.stream().write(content, 0, 100); // an init segment through the stream
            expected.write(content, 0, 100);
            int at = 100;
            for (int i = 0; i < 40; i++) { // fragments as the recorder writes them: a header and a frame, composed
                int length = 1_000 + 97 * i;
                CompositeByteBuf fragment = Unpooled.compositeBuffer();
                fragment.addComponent(true, Unpooled.copiedBuffer(content, at, 8));
                fragment.addComponent(true, Unpooled.copiedBuffer(content, at + 8, length - 8));
                p.write(fragment);
                expected.write(content, at, length);
                given.add(fragment);
                at += length;
            }
            p.stream().write(content, at, 5); // the stream again, after what was gathered
            expected.write(content, at, 5);
            p.truncate(expected.size() - 3); // a cut after gathered bytes
            p.write(Unpooled.wrappedBuffer(content, 0, 7));
            p.commit();
        }
        byte[] want = expected.toByteArray();
        want = Arrays.copyOf(want, want.length - 3 + 7);
        System.arraycopy(content, 0, want, want.length - 7, 7);
        assertThat(read(store, "CAM1/2026-12-03/gathered.mp4", 0, want.length)).isEqualTo(want);
        assertThat(given).allSatisfy(b -> assertThat(b.refCnt()).as("the store kept no reference").isEqualTo(1));

        ByteBuf unwritten = Unpooled.wrappedBuffer(content, 0, 1_000);
        ObjectStore.PendingObject discarded = store.create("CAM1/2026-12-03/gathered-gone.mp4");
        discarded.write(unwritten);
        discarded.close();
        assertThat(unwritten.refCnt()).as("a discarded object lets go of what waited").isEqualTo(1);
        given.forEach(ByteBuf::release);
    }

    @Test
    void keysFromOutsideCannotLeaveTheStore() throws IOException {
        ObjectStore store = store();
        assertThatThrownBy(() -> store.create("../escape")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.read("/etc/passwd", 0, 1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IOException.class);
    }

    @Test
    void listsByPrefixAndDeletes() throws IOException {
        ObjectStore store = store();
        put(store, "CAM1/2026-12-02/a.mp4", bytes(10, 1));
        put(store, "CAM1/2026-12-03/b.mp4", bytes(20, 2));
        put(store, "CAM10/2026-12-03/c.mp4", bytes(30, 3));
        put(store, "CAM2/2026-12-03/d.mp4", bytes(40, 4));
        assertThat(store.list("CAM1/")).containsExactly("CAM1/2026-12-02/a.mp4", "CAM1/2026-12-03/b.mp4");
        assertThat(store.list("CAM1")).containsExactly("CAM1/2026-12-02/a.mp4", "CAM1/2026-12-03/b.mp4",
                "CAM10/2026-12-03/c.mp4");
        assertThat(store.list("CAM1/2026-12-03")).containsExactly("CAM1/2026-12-03/b.mp4");
        assertThat(store.list("CAM3/")).isEmpty();
        assertThat(store.keys()).hasSize(4);
        assertThat(store.usedBytes()).isEqualTo(100);

        assertThat(store.delete("CAM1/2026-12-02/a.mp4")).isTrue();
        assertThat(store.delete("CAM1/2026-12-02/a.mp4")).isFalse();
        assertThat(store.list("CAM1/")).containsExactly("CAM1/2026-12-03/b.mp4");
        assertThatThrownBy(() -> store.read("CAM1/2026-12-02/a.mp4", 0, 10)).isInstanceOf(NoSuchFileException.class);
        assertThat(store.usedBytes()).isEqualTo(90);
    }

    @Test
    void largeObjectsRoundTripAcrossParts() throws IOException {
        ObjectStore store = store();
        byte[] content = bytes(largeSize(), 7);
        try (ObjectStore.PendingObject o = store.create("CAM1/big.mp4")) {
            for (int off = 0; off < content.length; off += 100_000) { // written as a recorder writes: in pieces
                o.stream().write(content, off, Math.min(100_000, content.length - off));
            }
            o.commit();
        }
        assertThat(store.size("CAM1/big.mp4")).isEqualTo(content.length);
        assertThat(read(store, "CAM1/big.mp4", 0, content.length)).isEqualTo(content);
        int across = (5 << 20) - 100; // a range across the 5 MiB and 8 MiB part boundaries
        assertThat(read(store, "CAM1/big.mp4", across, 3 << 20))
                .isEqualTo(Arrays.copyOfRange(content, across, across + (3 << 20)));
        assertThat(store.usedBytes()).isEqualTo(content.length);
    }

    @Test
    void pendingObjectsAreInvisibleUntilCommittedAndGoneWhenDiscarded() throws IOException {
        ObjectStore store = store();
        try (ObjectStore.PendingObject o = store.create("CAM1/seg.mp4")) {
            o.stream().write(bytes(1000, 1));
            o.stream().flush();
            assertThat(store.keys()).isEmpty();
            assertThatThrownBy(() -> store.read("CAM1/seg.mp4", 0, 1)).isInstanceOf(NoSuchFileException.class);
            assertThat(store.sweepPending()).as("an open write is not a leftover").isZero();
            o.commit();
            assertThat(store.keys()).containsExactly("CAM1/seg.mp4");
            assertThatThrownBy(() -> o.stream().write(1)).as("nothing more after commit").isInstanceOf(IOException.class);
        }
        try (ObjectStore.PendingObject o = store.create("CAM1/dropped.mp4")) {
            o.stream().write(bytes(1000, 2));
        } // closed without commit: discarded
        assertThat(store.keys()).containsExactly("CAM1/seg.mp4");
        assertThat(store.sweepPending()).isZero();
        assertThat(store.usedBytes()).isEqualTo(1000);
    }

    @Test
    void commitThatFailedCompletesTheSameObjectWhenRetried() throws IOException {
        commitRetried(64_000);
    }

    @Test
    void largeCommitThatFailedCompletesTheSameObjectWhenRetried() throws IOException {
        commitRetried(largeSize());
    }

    private void commitRetried(long size) throws IOException {
        ObjectStore store = store();
        byte[] content = bytes(size, 11);
        String key = "CAM1/2026-12-03/retried.mp4";
        try (ObjectStore.PendingObject o = store.create(key)) {
            o.stream().write(content);
            outage(key);
            try {
                assertThatThrownBy(o::commit).isInstanceOf(IOException.class);
                assertThatThrownBy(o::commit).as("still away: fails again, bytes kept").isInstanceOf(IOException.class);
            } finally {
                recover(key);
            }
            assertThat(store.keys()).doesNotContain(key);
            o.commit();
        }
        assertThat(read(store, key, 0, content.length)).isEqualTo(content);
        assertThat(store.sweepPending()).as("nothing left behind").isZero();
    }

    @Test
    void unreachableStoreSaysWhichAndWhat() throws IOException {
        ObjectStore store = unreachable();
        assertThatThrownBy(store::probe).isInstanceOf(IOException.class).hasMessageContaining(where(store));
        assertThatThrownBy(() -> store.read("CAM1/x.mp4", 0, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining(where(store));
        assertThatThrownBy(() -> store.list("CAM1/")).isInstanceOf(IOException.class);
    }

    /** What an error of {@code store} must name. */
    abstract String where(ObjectStore store);

    @Test
    void sweepRemovesWhatACrashLeftButNotOpenWrites() throws IOException {
        ObjectStore store = store();
        put(store, "CAM1/kept.mp4", bytes(100, 1));
        crashLeftover();
        try (ObjectStore.PendingObject open = store.create("CAM1/open.mp4")) {
            open.stream().write(bytes(100, 2));
            assertThat(store.sweepPending()).isGreaterThanOrEqualTo(1);
            assertThat(store.sweepPending()).isZero();
            open.commit();
        }
        assertThat(store.keys()).containsExactly("CAM1/kept.mp4", "CAM1/open.mp4");
    }

    @Test
    void probeSucceedsOnAWorkingStore() throws IOException {
        store().probe();
    }
}
