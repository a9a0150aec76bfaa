package camcloud.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One box found in a byte array: where its payload starts and where it ends. Reading is
 * bounds-checked; every overrun is a {@link MalformedMp4Exception} naming the box.
 *
 * @param type         the four-character type
 * @param start        offset of the box header
 * @param payloadStart offset just after the header
 * @param end          offset just after the box
 */
record Box(String type, int start, int payloadStart, int end) {

    /** The boxes in {@code bytes[from, to)}. */
    static List<Box> list(byte[] bytes, int from, int to) throws MalformedMp4Exception {
        List<Box> boxes = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            if (to - pos < 8) {
                throw new MalformedMp4Exception(to - pos + " stray bytes at offset " + pos + " where a box header should be");
            }
            long size = u32(bytes, pos);
            String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - pos < 16) {
                    throw new MalformedMp4Exception("box '" + type + "' at " + pos + " truncated in its 64-bit size");
                }
                size = (u32(bytes, pos + 8) << 32) | u32(bytes, pos + 12);
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header || size > to - pos) {
                throw new MalformedMp4Exception("box '" + type + "' at offset " + pos + " claims " + size
                        + " bytes but only " + (to - pos) + " remain");
            }
            boxes.add(new Box(type, pos, pos + header, (int) (pos + size)));
            pos += (int) size;
        }
        return boxes;
    }

    List<Box> children(byte[] bytes) throws MalformedMp4Exception {
        return list(bytes, payloadStart, end);
    }

    /** The first child of {@code type}, or an error naming the path. */
    Box child(byte[] bytes, String childType) throws MalformedMp4Exception {
        for (Box box : children(bytes)) {
            if (box.type.equals(childType)) {
                return box;
            }
        }
        throw new MalformedMp4Exception("'" + type + "' box has no '" + childType + "'");
    }

    /** A cursor over the payload. */
    Cursor read(byte[] bytes) {
        return new Cursor(bytes, payloadStart, end, type);
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** Sequential big-endian reads inside one box. */
    static final class Cursor {
        private final byte[] bytes;
        private final int end;
        private final String type;
        private int pos;

        Cursor(byte[] bytes, int pos, int end, String type) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
            this.type = type;
        }

        private void need(int n) throws MalformedMp4Exception {
            if (end - pos < n) {
                throw new MalformedMp4Exception("'" + type + "' box truncated at offset " + pos);
            }
        }

        int u8() throws MalformedMp4Exception {
            need(1);
            return bytes[pos++] & 0xff;
        }

        long u32() throws MalformedMp4Exception {
            need(4);
            long v = Box.u32(bytes, pos);
            pos += 4;
            return v;
        }

        long u64() throws MalformedMp4Exception {
            long high = u32();
            return (high << 32) | u32();
        }

        int u24() throws MalformedMp4Exception {
            return (u8() << 16) | (u8() << 8) | u8();
        }

        void skip(int n) throws MalformedMp4Exception {
            need(n);
            pos += n;
        }

        int position() {
            return pos;
        }
    }
}
