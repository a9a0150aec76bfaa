package camcloud.firmware.layout;

/** One {@code <size>[@<offset>](<name>)[ro]} entry of {@code mtdparts}, before it is placed on the chip. */
record PartitionSpec(String name, long size, long offset, boolean readOnly) {

    /** {@link #size()} of a {@code -} entry: the rest of the chip. */
    static final long REST = -1;

    static PartitionSpec parse(String entry, int index) {
        String where = "partition #" + (index + 1) + " ('" + entry + "')";
        int open = entry.indexOf('(');
        int close = entry.indexOf(')');
        if (open < 0 || close < open) {
            throw new LayoutException(where + " has no (name)");
        }
        String name = entry.substring(open + 1, close);
        if (name.isEmpty()) {
            throw new LayoutException(where + " has an empty name");
        }
        String tail = entry.substring(close + 1);
        boolean ro;
        if (tail.isEmpty()) {
            ro = false;
        } else if (tail.equals("ro")) {
            ro = true;
        } else {
            throw new LayoutException("partition '" + name + "': unexpected '" + tail + "' after the name");
        }
        String sizePart = entry.substring(0, open);
        long offset = -1;
        int at = sizePart.indexOf('@');
        if (at >= 0) {
            offset = number(sizePart.substring(at + 1), name, "offset");
            sizePart = sizePart.substring(0, at);
        }
        long size = sizePart.equals("-") ? REST : number(sizePart, name, "size");
        return new PartitionSpec(name, size, offset, ro);
    }

    private static long number(String text, String partition, String what) {
        if (text.isEmpty()) {
            throw new LayoutException("partition '" + partition + "' has no " + what);
        }
        try {
            return SizeText.parse(text);
        } catch (LayoutException e) {
            throw new LayoutException("partition '" + partition + "' has an unreadable " + what + " '" + text
                    + "' (expected e.g. 256K, 4M, 0x40000 or -)");
        }
    }
}
