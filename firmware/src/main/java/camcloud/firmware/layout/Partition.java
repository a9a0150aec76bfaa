package camcloud.firmware.layout;

/**
 * One named region of the flash chip, as an {@code mtdparts} entry describes it.
 *
 * @param name   the partition's name in {@code mtdparts} ({@code boot}, {@code kernel}…)
 * @param offset byte offset from the start of the chip
 * @param size   length in bytes
 */
public record Partition(String name, long offset, long size) {

    /** The first byte after this partition. */
    public long end() {
        return offset + size;
    }

    /** Whether {@code [start, start+length)} lies inside this partition. */
    public boolean contains(long start, long length) {
        return start >= offset && length >= 0 && start + length <= end();
    }

    @Override
    public String toString() {
        return String.format("%s@0x%x+0x%x", name, offset, size);
    }
}
