package camcloud.device.flash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A SPI NOR flash chip backed by a file, so a virtual camera keeps its flash across power cycles.
 * NOR semantics: {@link #erase} sets whole erase blocks to 0xFF; {@link #program} can only clear bits
 * (new = old AND data), so writing without erasing first corrupts data exactly as on a real chip;
 * {@link #read} reads anywhere.
 *
 * <p>Power cuts: {@link #arm(PowerCut)} schedules a cut at one erase or program operation; that
 * operation is torn (see {@link PowerCut}) and throws {@link PowerCutException}, and every later
 * operation on this chip throws too, as a camera without power does nothing more. Power the camera
 * on again by opening the file again.
 */
public final class FlashChip implements AutoCloseable {

    /** Page size of SPI NOR page-program commands. */
    public static final int PAGE_SIZE = 256;

    private final FileChannel file;
    private final long size;
    private final int eraseBlockSize;
    private PowerCut powerCut;
    private boolean syncEachOperation = true;

    private FlashChip(FileChannel file, long size, int eraseBlockSize) {
        this.file = file;
        this.size = size;
        this.eraseBlockSize = eraseBlockSize;
    }

    /** Opens the chip in {@code path}, creating a fully erased chip of {@code size} bytes if it does not exist. */
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
            if (!fresh && existing != size) {
                throw new IOException(path + " is " + existing + " bytes, but the camera model's flash is " + size);
            }
            FlashChip chip = new FlashChip(channel, size, eraseBlockSize);
            if (fresh || existing == 0) {
                chip.fill(0, size, (byte) 0xFF);
                channel.force(true);
            }
            return chip;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens an existing flash file; its size must be a whole number of erase blocks. */
    public static FlashChip open(Path path, int eraseBlockSize) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("flash file " + path + " does not exist");
        }
        return openOrCreate(path, Files.size(path), eraseBlockSize);
    }

    public long size() {
        return size;
    }

    public int eraseBlockSize() {
        return eraseBlockSize;
    }

    /** Schedules a power cut (or only counts operations, with {@link PowerCut#counting}); {@code null} disarms. */
    public void arm(PowerCut cut) {
        this.powerCut = cut;
    }

    /**
     * Whether each operation is forced to the disk (the default: the file is the chip and must
     * survive a host crash). Tests that run thousands of simulated power cuts turn it off: the cut
     * is simulated in the file's contents, not by killing the host.
     */
    public void syncEachOperation(boolean sync) {
        this.syncEachOperation = sync;
    }

    public byte[] read(long offset, int length) {
        requirePower();
        return readRaw(offset, length);
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
        return buffer.array();
    }

    /** Erases the blocks covering {@code [offset, offset + length)}; both must be block aligned. */
    public void erase(long offset, long length) {
        checkRange(offset, length);
        if (offset % eraseBlockSize != 0 || length % eraseBlockSize != 0) {
            throw new IllegalArgumentException("erase of " + length + " bytes at 0x" + Long.toHexString(offset)
                    + " is not aligned to " + eraseBlockSize + "-byte blocks");
        }
        requirePower();
        for (long block = offset; block < offset + length; block += eraseBlockSize) {
            if (powerCut != null && powerCut.next()) {
                tornErase(block);
            }
            fill(block, eraseBlockSize, (byte) 0xFF);
        }
        sync();
    }

    /**
     * Programs {@code data} at {@code offset}: bits can only go from 1 to 0. Counted for power cuts
     * in units that do not cross an erase block (or page) boundary.
     */
    public void program(long offset, byte[] data) {
        checkRange(offset, data.length);
        requirePower();
        int unit = powerCut != null && powerCut.granularity() == PowerCut.Granularity.PAGE ? PAGE_SIZE : eraseBlockSize;
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
    }

    private void programUnit(long at, byte[] data, int from, int length) {
        byte[] current = readRaw(at, length);
        for (int i = 0; i < length; i++) {
            current[i] &= data[from + i];
        }
        write(at, current);
    }

    private void tornErase(long block) {
        int completed = powerCut.completedBytes(eraseBlockSize);
        fill(block, completed, (byte) 0xFF);
        byte[] half = readRaw(block + completed, 1);
        write(block + completed, new byte[] {(byte) (half[0] | powerCut.partialBits())});
        throw cut("erase of block 0x" + Long.toHexString(block));
    }

    private void tornProgram(long at, byte[] data, int from, int length) {
        int completed = powerCut.completedBytes(length);
        if (completed > 0) {
            programUnit(at, data, from, completed);
        }
        byte[] half = readRaw(at + completed, 1);
        int partial = data[from + completed] | powerCut.partialBits(); // only some of the bits to clear get cleared
        write(at + completed, new byte[] {(byte) (half[0] & partial)});
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

    /** Erases the blocks of {@code [offset, offset + region)} and programs {@code data} at their start. */
    public void rewrite(long offset, long region, byte[] data) {
        if (data.length > region) {
            throw new IllegalArgumentException(data.length + " bytes do not fit in a region of " + region);
        }
        erase(offset, region);
        program(offset, data);
    }

    private void fill(long offset, long length, byte value) {
        byte[] chunk = new byte[(int) Math.min(length, 64 * 1024)];
        Arrays.fill(chunk, value);
        for (long done = 0; done < length; done += chunk.length) {
            int n = (int) Math.min(chunk.length, length - done);
            write(offset + done, n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
        }
    }

    private void write(long offset, byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        try {
            while (buffer.hasRemaining()) {
                file.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("flash range 0x" + Long.toHexString(offset) + "+" + length
                    + " is outside the " + size + "-byte chip");
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
