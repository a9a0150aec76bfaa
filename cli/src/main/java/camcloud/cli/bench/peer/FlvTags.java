package camcloud.cli.bench.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the video frames in an FLV file that nginx-rtmp is still writing ({@code record all}): the
 * frames nginx actually received and recorded. A tag cut short at the end (being written) is not
 * counted; a file that is not FLV counts nothing.
 *
 * <p>FLV: a header ({@code "FLV"}, its length at offset 5), then tags each followed by a 4-byte
 * previous-tag size; a tag is type (8 audio, 9 video, 18 script), a 24-bit data size, a timestamp and
 * a stream id (11 bytes), then the data. A video tag whose AVC packet type (second data byte) is 0
 * holds the decoder configuration, not a frame.
 */
public final class FlvTags {

    /**
     * @param videoFrames video frames (configuration records not counted)
     * @param keyframes   those of them that are keyframes
     * @param bytes       the bytes of the complete tags, header included
     */
    public record Count(long videoFrames, long keyframes, long bytes) {
        public static final Count NONE = new Count(0, 0, 0);

        public Count plus(Count other) {
            return new Count(videoFrames + other.videoFrames, keyframes + other.keyframes, bytes + other.bytes);
        }

        public Count minus(Count other) {
            return new Count(videoFrames - other.videoFrames, keyframes - other.keyframes, bytes - other.bytes);
        }
    }

    private static final int TAG_HEADER = 11;
    private static final int VIDEO = 9;

    private FlvTags() {
    }

    /** The complete frames in {@code file} so far; {@link Count#NONE} when it is missing or not FLV. */
    public static Count count(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Count.NONE;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size(); // what is written now; nginx keeps appending
            ByteBuffer tag = ByteBuffer.allocate(TAG_HEADER + 2);
            if (end < 13 || !readFully(channel, tag.limit(9), 0)
                    || tag.get(0) != 'F' || tag.get(1) != 'L' || tag.get(2) != 'V') {
                return Count.NONE;
            }
            long position = tag.getInt(5) + 4L; // the header, then the first previous-tag size (0)
            long frames = 0;
            long keyframes = 0;
            while (readFully(channel, tag.clear(), position)) {
                int type = tag.get(0) & 0x1F;
                int size = ((tag.get(1) & 0xFF) << 16) | ((tag.get(2) & 0xFF) << 8) | (tag.get(3) & 0xFF);
                long next = position + TAG_HEADER + size + 4;
                if (size < 2 || next > end) {
                    break; // being written
                }
                if (type == VIDEO && tag.get(TAG_HEADER + 1) != 0) {
                    frames++;
                    if ((tag.get(TAG_HEADER) & 0xF0) == 0x10) {
                        keyframes++;
                    }
                }
                position = next;
            }
            return new Count(frames, keyframes, position);
        }
    }

    private static boolean readFully(FileChannel channel, ByteBuffer into, long at) throws IOException {
        long position = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                return false;
            }
            position += n;
        }
        return true;
    }
}
