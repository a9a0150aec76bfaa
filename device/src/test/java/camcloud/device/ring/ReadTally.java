package camcloud.device.ring;

/** What a reader saw, for tests: intact frames, frames missing between them, and corrupt intact ones. */
final class ReadTally {

    long received;
    long gaps;
    long corrupt;
    long discarded;
    long expected;

    /** Reads pattern frames until the writer closed the ring, verifying each in place before release. */
    static ReadTally readAll(RingReader reader, int maxBytes, int sleepEvery, RingIdle idle)
            throws InterruptedException {
        ReadTally tally = new ReadTally();
        boolean closedSeen = false;
        while (true) {
            RingFrame frame = reader.poll();
            if (frame == null) {
                if (closedSeen) {
                    break; // closed before this poll, and still nothing: every frame was seen
                }
                closedSeen = reader.writerClosed();
                if (!closedSeen) {
                    idle.idle();
                }
                continue;
            }
            idle.reset();
            boolean looksIntact = FramePattern.intact(frame.payload(), frame.sequence(), maxBytes);
            if (!reader.release(frame)) {
                tally.discarded++;
                continue;
            }
            if (!looksIntact) {
                tally.corrupt++;
            }
            tally.gaps += frame.sequence() - tally.expected;
            tally.expected = frame.sequence() + 1;
            tally.received++;
            if (sleepEvery > 0 && tally.received % sleepEvery == 0) {
                Thread.sleep(2);
            }
        }
        tally.gaps += reader.nextSequence() - tally.expected;
        return tally;
    }
}
