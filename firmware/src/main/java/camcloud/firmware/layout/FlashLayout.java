package camcloud.firmware.layout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The partitions of one flash chip, parsed from a Linux/U-Boot {@code mtdparts} string and checked
 * against the chip: every partition starts and ends on an erase block (the updater erases whole
 * blocks, so a partition sharing a block with its neighbour would lose the neighbour's bytes),
 * none overlap, and all fit the chip.
 *
 * <p>Accepted syntax, as the kernel's {@code cmdlinepart} parser reads it:
 * {@code [mtdparts=]<mtd-id>:<size>[@<offset>](<name>)[ro][,…]} where {@code size} is decimal or
 * {@code 0x} hex with an optional {@code K}/{@code M}/{@code G} suffix, or {@code -} for "the rest
 * of the chip" (last partition only). A partition without {@code @offset} starts where the
 * previous one ended. One device only: several {@code ;}-separated devices are rejected.
 */
public final class FlashLayout {

    private final String mtdId;
    private final List<Partition> partitions;
    private final Set<String> readOnly;
    private final long chipSize;
    private final int eraseBlockSize;

    private FlashLayout(String mtdId, List<Partition> partitions, Set<String> readOnly,
                        long chipSize, int eraseBlockSize) {
        this.mtdId = mtdId;
        this.partitions = List.copyOf(partitions);
        this.readOnly = Set.copyOf(readOnly);
        this.chipSize = chipSize;
        this.eraseBlockSize = eraseBlockSize;
    }

    /**
     * Parses and validates {@code mtdparts} for a chip of {@code chipSize} bytes erased in blocks of
     * {@code eraseBlockSize} bytes.
     *
     * @throws LayoutException naming the partition and the bytes by which it is off
     */
    public static FlashLayout parse(String mtdparts, long chipSize, int eraseBlockSize) {
        if (chipSize <= 0) {
            throw new LayoutException("chip size must be positive, got " + chipSize);
        }
        if (eraseBlockSize <= 0 || Integer.bitCount(eraseBlockSize) != 1) {
            throw new LayoutException("erase block size must be a positive power of two, got " + eraseBlockSize);
        }
        if (chipSize % eraseBlockSize != 0) {
            throw new LayoutException("chip size " + chipSize + " is not a multiple of the erase block size "
                    + eraseBlockSize + " (" + (chipSize % eraseBlockSize) + " bytes over)");
        }
        if (mtdparts == null || mtdparts.isBlank()) {
            throw new LayoutException("mtdparts is empty");
        }
        String text = mtdparts.strip();
        if (text.startsWith("mtdparts=")) {
            text = text.substring("mtdparts=".length());
        }
        if (text.contains(";")) {
            throw new LayoutException("mtdparts describes several devices; one device per model: " + mtdparts);
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new LayoutException("mtdparts must start with '<mtd-id>:' (e.g. hi_sfc:), got: " + mtdparts);
        }
        String mtdId = text.substring(0, colon);
        String list = text.substring(colon + 1);
        if (list.isEmpty()) {
            throw new LayoutException("mtdparts " + mtdId + " lists no partitions");
        }

        List<Partition> parts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> readOnly = new HashSet<>();
        String[] entries = list.split(",", -1);
        long next = 0;
        for (int i = 0; i < entries.length; i++) {
            PartitionSpec spec = PartitionSpec.parse(entries[i], i);
            if (!names.add(spec.name())) {
                throw new LayoutException("partition '" + spec.name() + "' is listed twice");
            }
            long offset = spec.offset() >= 0 ? spec.offset() : next;
            long size;
            if (spec.size() == PartitionSpec.REST) {
                if (i != entries.length - 1) {
                    throw new LayoutException("partition '" + spec.name()
                            + "' uses '-' (rest of the chip) but is not the last partition");
                }
                if (offset >= chipSize) {
                    throw new LayoutException("partition '" + spec.name() + "' (rest of the chip) starts at 0x"
                            + Long.toHexString(offset) + ", " + (offset - chipSize)
                            + " bytes past the end of the " + chipSize + "-byte chip: nothing is left for it");
                }
                size = chipSize - offset;
            } else {
                size = spec.size();
            }
            if (offset > chipSize || size > chipSize) {
                throw new LayoutException("partition '" + spec.name() + "' (offset 0x" + Long.toHexString(offset)
                        + ", size " + size + ") ends at least " + (Math.max(offset, size) - chipSize)
                        + " bytes past the end of the " + chipSize + "-byte chip");
            }
            Partition p = new Partition(spec.name(), offset, size);
            check(p, parts, chipSize, eraseBlockSize);
            parts.add(p);
            if (spec.readOnly()) {
                readOnly.add(spec.name());
            }
            next = p.end();
        }
        return new FlashLayout(mtdId, parts, readOnly, chipSize, eraseBlockSize);
    }

    private static void check(Partition p, List<Partition> before, long chipSize, int block) {
        if (p.size() == 0) {
            throw new LayoutException("partition '" + p.name() + "' has size 0");
        }
        long offsetOff = p.offset() % block;
        if (offsetOff != 0) {
            throw new LayoutException("partition '" + p.name() + "' starts at 0x" + Long.toHexString(p.offset())
                    + ", " + offsetOff + " bytes past a " + block + "-byte erase block boundary");
        }
        long sizeOff = p.size() % block;
        if (sizeOff != 0) {
            throw new LayoutException("partition '" + p.name() + "' size " + p.size() + " is not a multiple of the "
                    + block + "-byte erase block: " + sizeOff + " bytes over (or " + (block - sizeOff) + " short)");
        }
        for (Partition q : before) {
            if (p.offset() < q.end() && q.offset() < p.end()) {
                long overlap = Math.min(p.end(), q.end()) - Math.max(p.offset(), q.offset());
                throw new LayoutException("partition '" + p.name() + "' overlaps partition '" + q.name()
                        + "' by " + overlap + " bytes");
            }
        }
        if (p.end() > chipSize) {
            throw new LayoutException("partition '" + p.name() + "' ends at 0x" + Long.toHexString(p.end())
                    + ", " + (p.end() - chipSize) + " bytes past the end of the " + chipSize + "-byte chip");
        }
    }

    /** The partitions in {@code mtdparts} order. */
    public List<Partition> partitions() {
        return partitions;
    }

    /**
     * The partition called {@code name}.
     *
     * @throws IllegalArgumentException naming the partition and the ones that exist
     */
    public Partition partition(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no partition '" + name
                + "' in " + mtdId + " (partitions: " + String.join(", ", names()) + ")"));
    }

    /** The partition called {@code name}, if there is one. */
    public java.util.Optional<Partition> find(String name) {
        return partitions.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Partition names in order. */
    public List<String> names() {
        return partitions.stream().map(Partition::name).toList();
    }

    /** Whether {@code mtdparts} marked the partition {@code ro}. */
    public boolean isReadOnly(String name) {
        return readOnly.contains(name);
    }

    /** The MTD device id before the colon, e.g. {@code hi_sfc}. */
    public String mtdId() {
        return mtdId;
    }

    public long chipSize() {
        return chipSize;
    }

    public int eraseBlockSize() {
        return eraseBlockSize;
    }

    /** Bytes of the chip that no partition covers (holes between partitions and after the last). */
    public long unallocated() {
        return chipSize - partitions.stream().mapToLong(Partition::size).sum();
    }

    @Override
    public String toString() {
        return mtdId + ":" + partitions;
    }
}
