package camcloud.device.flash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * A SPI NOR flash chip backed by a file, so a virtual camera keeps its flash across power cycles.
 * NOR semantics: {@link #erase} sets whole erase blocks to 0xFF; {@link #program} can only clear bits
 * (new = old AND data), so writing without erasing first corrupts data exactly as on a real chip;
 * {@link #read} reads anywhere.
 *
 * <p>Disk: a new chip is a sparse file that stores every byte XOR a base ({@link SparseTrailer}):
 * first the erased chip (every byte complemented, so erased regions are holes), and after
 * {@link #adoptBase} the factory image, shared by every chip of the directory ({@link BaseImage}).
 * An operation writes only the pages whose bytes change. A 16 MiB chip holding the factory image and
 * an identity costs a few blocks, not 16 MiB. Files of the older plain format (0xFF stored as is)
 * still open and stay in their format.
 *
 * <p>Descriptors: with {@link #openOnUse(boolean)} the file is opened for each operation and closed
 * after it, so a powered-on camera that does not touch its flash holds no descriptor (a fleet of
 * 18,000 cameras must fit in 20,000). Operations are synchronized: one chip, one operation at a time.
 *
 * <p>Power cuts: {@link #arm(PowerCut)} schedules a cut at one erase or program operation; that
 * operation is torn (see {@link PowerCut}) and throws {@link PowerCutException}, and every later
 * operation on this chip throws too, as a camera without power does nothing more. Power the camera
 * on again by opening the file again.
 */
public final class FlashChip implements AutoCloseable {

    /** Page size of SPI NOR page-program commands. */
    public static final int PAGE_SIZE = 256;

    private final Path path;
    private final long size;
    private final int eraseBlockSize;
    private final boolean sparse;
    /** What the stored bytes are XORed with in a sparse file: null for the erased chip (all 0xFF). */
    private ByteBuffer base;
    /** Erase blocks known to be all 0xFF since this chip was opened: erasing them writes nothing. */
    private final BitSet knownErased = new BitSet();
    private FileChannel file;
    private int depth;
    private boolean openOnUse;
    private boolean closed;
    private PowerCut powerCut;
    private boolean syncEachOperation = true;

    private FlashChip(Path path, FileChannel file, long size, int eraseBlockSize, boolean sparse, ByteBuffer base) {
        this.path = path;
        this.file = file;
        this.size = size;
        this.eraseBlockSize = eraseBlockSize;
        this.sparse = sparse;
        this.base = base;
    }

    /** Opens the chip in {@code path}, creating a fully erased (sparse) chip of {@code size} bytes if it does not exist. */
    public static FlashChip openOrCreate(Path path, long size, int eraseBlockSize) throws IOException {
        if (size <= 0 || eraseBlockSize <= 0 || size % eraseBlockSize != 0) {
            throw new IllegalArgumentException("flash size " + size + " is not a whole number of "
                    + eraseBlockSize + "-byte erase blocks");
        }
        boolean fresh = !Files.exists(path);
        if (fresh && path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long existing = channel.size();
            if (fresh || existing == 0) {
                // Complemented: the hole up to the trailer reads as zeros, i.e. an erased chip.
                writeFully(channel, ByteBuffer.wrap(new SparseTrailer(size, "").encode()), size);
                channel.force(true);
                FlashChip chip = new FlashChip(path, channel, size, eraseBlockSize, true, null);
                chip.knownErased.set(0, chip.blocks());
                return chip;
            }
            Optional<SparseTrailer> sparse = SparseTrailer.read(channel);
            long held = sparse.map(SparseTrailer::chipSize).orElse(existing);
            if (held != size) {
                throw new IOException(path + " holds a " + held + "-byte chip, but the camera model's flash is " + size);
            }
            String baseName = sparse.map(SparseTrailer::baseName).orElse("");
            ByteBuffer base = baseName.isEmpty() ? null : BaseImage.load(path, baseName, size);
            return new FlashChip(path, channel, size, eraseBlockSize, sparse.isPresent(), base);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens an existing flash file; its chip size must be a whole number of erase blocks. */
    public static FlashChip open(Path path, int eraseBlockSize) throws IOException {
        return openOrCreate(path, chipSize(path), eraseBlockSize);
    }

    /** The size of the chip a flash file holds: the file's length for the plain format, the trailer's for the sparse one. */
    public static long chipSize(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("flash file " + path + " does not exist");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            Optional<SparseTrailer> trailer = SparseTrailer.read(channel);
            return trailer.isPresent() ? trailer.get().chipSize() : channel.size();
        }
    }

    public long size() {
        return size;
    }

    public int eraseBlockSize() {
        return eraseBlockSize;
    }

    /** Whether the file stores the chip sparse (XOR a base); false for a file of the older plain format. */
    public boolean sparse() {
        return sparse;
    }

    /**
     * Programs {@code image} over a whole chip that is still erased, by making it the base the file
     * is stored against ({@link BaseImage}, written next to the file once and shared) instead of
     * writing its bytes: the same chip contents, and a file that stays a few blocks. Refused (false,
     * nothing changed) for a plain file, a chip that has been written, or one with a power cut armed
     * (the cut counts the real erase and program operations): the caller then programs the image.
     */
    public synchronized boolean adoptBase(byte[] image) {
        if (!sparse || base != null || powerCut != null || image.length != size
                || knownErased.nextClearBit(0) < blocks()) {
            return false;
        }
        begin();
        try {
            requirePower();
            String name = BaseImage.store(path, image);
            ByteBuffer mapped = BaseImage.load(path, name, size);
            // Zeros meant 0xFF; from now on they mean the image: the erased chip's file holds only zeros.
            writeFully(file, ByteBuffer.wrap(new SparseTrailer(size, name).encode()), size);
            file.force(true);
            base = mapped;
            for (int block = 0; block < blocks(); block++) {
                if (!allErased(image, block * eraseBlockSize, eraseBlockSize)) {
                    knownErased.clear(block);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            end();
        }
    }

    private static boolean allErased(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Schedules a power cut (or only counts operations, with {@link PowerCut#counting}); {@code null} disarms. */
    public synchronized void arm(PowerCut cut) {
        this.powerCut = cut;
    }

    /**
     * Whether each operation is forced to the disk (the default: the file is the chip and must
     * survive a host crash). Tests that run thousands of simulated power cuts turn it off: the cut
     * is simulated in the file's contents, not by killing the host.
     */
    public synchronized void syncEachOperation(boolean sync) {
        this.syncEachOperation = sync;
    }

    /**
     * Whether the file is opened for each operation and closed after it (true: an idle chip holds no
     * file descriptor; what a fleet camera needs) or kept open until {@link #close()} (the default).
     */
    public synchronized void openOnUse(boolean onUse) {
        this.openOnUse = onUse;
        if (onUse && depth == 0) {
            release();
        }
    }

    public synchronized byte[] read(long offset, int length) {
        checkRange(offset, length);
        begin();
        try {
            requirePower();
            return readRaw(offset, length);
        } finally {
            end();
        }
    }

    /** Erases the blocks covering {@code [offset, offset + length)}; both must be block aligned. */
    public synchronized void erase(long offset, long length) {
        checkRange(offset, length);
        if (offset % eraseBlockSize != 0 || length % eraseBlockSize != 0) {
            throw new IllegalArgumentException("erase of " + length + " bytes at 0x" + Long.toHexString(offset)
                    + " is not aligned to " + eraseBlockSize + "-byte blocks");
        }
        begin();
        try {
            requirePower();
            for (long block = offset; block < offset + length; block += eraseBlockSize) {
                if (powerCut != null && powerCut.next()) {
                    tornErase(block);
                }
                eraseBlock(block);
            }
            sync();
        } finally {
            end();
        }
    }

    /**
     * Programs {@code data} at {@code offset}: bits can only go from 1 to 0. Counted for power cuts
     * in units that do not cross an erase block (or page) boundary.
     */
    public synchronized void program(long offset, byte[] data) {
        checkRange(offset, data.length);
        begin();
        try {
            requirePower();
            int unit = powerCut != null && powerCut.granularity() == PowerCut.Granularity.PAGE ? PAGE_SIZE
                    : eraseBlockSize;
            int done = 0;
            while (done < data.length) {
                long at = offset + done;
                int n = (int) Math.min(data.length - done, unit - at % unit);
                if (powerCut != null && powerCut.next()) {
                    tornProgram(at, data, done, n);
                }
                programUnit(at, data, done, n);
                done += n;
            }
            sync();
        } finally {
            end();
        }
    }

    /** Erases the blocks of {@code [offset, offset + region)} and programs {@code data} at their start. */
    public synchronized void rewrite(long offset, long region, byte[] data) {
        if (data.length > region) {
            throw new IllegalArgumentException(data.length + " bytes do not fit in a region of " + region);
        }
        begin();
        try {
            erase(offset, region);
            program(offset, data);
        } finally {
            end();
        }
    }

    /** Sets one erase block to 0xFF, writing nothing when it already is. */
    private void eraseBlock(long block) {
        int index = (int) (block / eraseBlockSize);
        if (knownErased.get(index)) {
            return;
        }
        byte[] current = readRaw(block, eraseBlockSize);
        byte[] erased = new byte[eraseBlockSize];
        Arrays.fill(erased, (byte) 0xFF);
        writeChanged(block, current, erased);
        knownErased.set(index);
    }

    private void programUnit(long at, byte[] data, int from, int length) {
        byte[] current = currentBytes(at, length);
        byte[] next = current.clone();
        for (int i = 0; i < length; i++) {
            next[i] &= data[from + i];
        }
        writeChanged(at, current, next);
    }

    /** The chip's bytes, without reading when the block is known erased. */
    private byte[] currentBytes(long at, int length) {
        if (knownErased.get((int) (at / eraseBlockSize)) && at / eraseBlockSize == (at + length - 1) / eraseBlockSize) {
            byte[] erased = new byte[length];
            Arrays.fill(erased, (byte) 0xFF);
            return erased;
        }
        return readRaw(at, length);
    }

    private void tornErase(long block) {
        knownErased.clear((int) (block / eraseBlockSize));
        int completed = powerCut.completedBytes(eraseBlockSize);
        byte[] current = readRaw(block, completed + 1);
        byte[] next = current.clone();
        Arrays.fill(next, 0, completed, (byte) 0xFF);
        next[completed] = (byte) (current[completed] | powerCut.partialBits());
        writeChanged(block, current, next);
        throw cut("erase of block 0x" + Long.toHexString(block));
    }

    private void tornProgram(long at, byte[] data, int from, int length) {
        int completed = powerCut.completedBytes(length);
        if (completed > 0) {
            programUnit(at, data, from, completed);
        }
        byte[] half = currentBytes(at + completed, 1);
        int partial = data[from + completed] | powerCut.partialBits(); // only some of the bits to clear get cleared
        writeChanged(at + completed, half, new byte[] {(byte) (half[0] & partial)});
        throw cut("program of " + length + " bytes at 0x" + Long.toHexString(at));
    }

    private PowerCutException cut(String what) {
        sync();
        return new PowerCutException("power cut during flash operation " + (powerCut.operations() - 1) + " (" + what + ")");
    }

    private void requirePower() {
        if (powerCut != null && powerCut.fired()) {
            throw new PowerCutException("the camera has no power (cut at flash operation " + (powerCut.operations() - 1) + ")");
        }
    }

    /**
     * Writes {@code next} over {@code current} (both the chip's bytes at {@code offset}), only the
     * pages that differ: unchanged pages, erased ones above all, never reach the disk.
     */
    private void writeChanged(long offset, byte[] current, byte[] next) {
        int length = next.length;
        int page = 0;
        while (page < length) {
            int pageEnd = Math.min(length, page + PAGE_SIZE);
            if (Arrays.equals(current, page, pageEnd, next, page, pageEnd)) {
                page = pageEnd;
                continue;
            }
            int runEnd = pageEnd;
            while (runEnd < length) {
                int nextEnd = Math.min(length, runEnd + PAGE_SIZE);
                if (Arrays.equals(current, runEnd, nextEnd, next, runEnd, nextEnd)) {
                    break;
                }
                runEnd = nextEnd;
            }
            int from = page;
            int to = runEnd;
            knownErasedCleared(offset + from, offset + to);
            writeRaw(offset + from, Arrays.copyOfRange(next, from, to));
            page = runEnd;
        }
    }

    private void knownErasedCleared(long from, long to) {
        knownErased.clear((int) (from / eraseBlockSize), (int) ((to - 1) / eraseBlockSize) + 1);
    }

    private byte[] readRaw(long offset, int length) {
        checkRange(offset, length);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("flash file ended early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.array();
        if (sparse) {
            xorBase(offset, bytes);
        }
        return bytes;
    }

    /** Writes chip bytes (XOR the base first in a sparse file); {@code data} is the caller's to lose. */
    private void writeRaw(long offset, byte[] data) {
        if (sparse) {
            xorBase(offset, data);
        }
        try {
            writeFully(file, ByteBuffer.wrap(data), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns chip bytes into stored ones and back: XOR the base (the erased chip: all 0xFF). */
    private void xorBase(long offset, byte[] bytes) {
        if (base == null) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
            return;
        }
        byte[] b = new byte[bytes.length];
        base.get((int) offset, b);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= b[i];
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer, offset + buffer.position());
        }
    }

    /** Opens the file for an operation when it is not open (nested calls share one opening). */
    private void begin() {
        if (closed) {
            throw new IllegalStateException("flash chip " + path + " is closed");
        }
        if (file == null) {
            try {
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open flash file " + path, e);
            }
        }
        depth++;
    }

    private void end() {
        depth--;
        if (depth == 0 && openOnUse) {
            release();
        }
    }

    private void release() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                file = null;
            }
        }
    }

    private void sync() {
        if (!syncEachOperation) {
            return;
        }
        try {
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int blocks() {
        return (int) (size / eraseBlockSize);
    }

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("flash range 0x" + Long.toHexString(offset) + "+" + length
                    + " is outside the " + size + "-byte chip");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        FileChannel f = file;
        file = null;
        if (f != null) {
            f.close();
        }
    }
}
