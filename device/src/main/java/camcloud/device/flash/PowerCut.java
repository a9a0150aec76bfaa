package camcloud.device.flash;

import java.util.Random;

/**
 * A power cut scheduled at one flash operation, for tests and the power-cut bench. Every erase of
 * one erase block is an operation; so is every program of one unit — a whole erase block's worth
 * at {@link Granularity#BLOCK}, one 256-byte page at {@link Granularity#PAGE}. The operation the
 * cut falls on is torn: an erase leaves a random prefix of the block erased and one byte half
 * way; a program leaves a random prefix programmed and one byte with only some of its bits
 * cleared — what a NOR chip shows when its supply drops mid-command.
 *
 * <p>{@link #counting} never cuts and only counts, so a test learns how many cut points a run has.
 * Not thread-safe: one chip, one caller.
 */
public final class PowerCut {

    /** How finely program operations are counted. */
    public enum Granularity { BLOCK, PAGE }

    private final Granularity granularity;
    private final long cutAt;
    private final Random random;
    private long operations;
    private boolean fired;

    private PowerCut(Granularity granularity, long cutAt, long seed) {
        this.granularity = granularity;
        this.cutAt = cutAt;
        this.random = new Random(seed);
    }

    /** Counts operations, never cuts. */
    public static PowerCut counting(Granularity granularity) {
        return new PowerCut(granularity, -1, 0);
    }

    /** Cuts the power during operation number {@code operation} (0-based); {@code seed} decides how torn it is. */
    public static PowerCut at(long operation, Granularity granularity, long seed) {
        if (operation < 0) {
            throw new IllegalArgumentException("cut point must be 0 or more, got " + operation);
        }
        return new PowerCut(granularity, operation, seed);
    }

    public Granularity granularity() {
        return granularity;
    }

    /** Operations started so far (including the torn one). */
    public long operations() {
        return operations;
    }

    /** Whether the power was cut. */
    public boolean fired() {
        return fired;
    }

    /** Counts one operation; true when this one is torn by the cut. */
    boolean next() {
        if (fired) {
            return true;
        }
        if (operations++ == cutAt) {
            fired = true;
            return true;
        }
        return false;
    }

    /** How many whole bytes of an {@code length}-byte operation completed before the cut: 0..length-1. */
    int completedBytes(int length) {
        return length <= 1 ? 0 : random.nextInt(length);
    }

    /** A random bit mask for the one byte caught half way. */
    int partialBits() {
        return random.nextInt(256);
    }
}
