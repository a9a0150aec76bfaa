package camcloud.device.ring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link FrameRingProcessTest}: creates a ring, says READY, waits for GO on stdin,
 * appends pattern frames, closes the ring and says DONE.
 * Arguments: file slotCount capacityBytes frames maxFrameBytes pauseEvery.
 */
public final class RingWriterProcess {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int frames = Integer.parseInt(args[3]);
        int maxBytes = Integer.parseInt(args[4]);
        int pauseEvery = Integer.parseInt(args[5]);
        try (RingWriter writer = RingWriter.create(file, Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            for (int sequence = 0; sequence < frames; sequence++) {
                writer.append(FramePattern.frame(sequence, maxBytes), sequence % 25 == 0, sequence, sequence);
                if (pauseEvery > 0 && sequence % pauseEvery == pauseEvery - 1) {
                    Thread.sleep(1);
                }
            }
        }
        System.out.println("DONE " + frames);
        System.out.flush();
    }
}
