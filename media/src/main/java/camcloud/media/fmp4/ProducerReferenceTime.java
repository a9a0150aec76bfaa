package camcloud.media.fmp4;

/**
 * The {@code prft} box (ISO/IEC 14496-12 8.16.5) placed before a {@code moof}: the wall-clock time
 * (NTP format) at which the picture with decode time {@code mediaTime} was captured, so a player
 * can measure glass-to-glass latency. Written with flags 0 ("input to the encoder"), which is the
 * closest the spec has to capture time, and version 1 (64-bit media time).
 *
 * @param wallClockMicros capture time, microseconds since the Unix epoch
 * @param mediaTime       the decode time of that picture, in the track's timescale
 */
public record ProducerReferenceTime(long wallClockMicros, long mediaTime) {

    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    public static ProducerReferenceTime ofMillis(long wallClockMillis, long mediaTime) {
        return new ProducerReferenceTime(wallClockMillis * 1000, mediaTime);
    }

    /** 64-bit NTP timestamp: 32 bits of seconds since 1900, 32 bits of fraction. */
    public long ntpTimestamp() {
        long seconds = Math.floorDiv(wallClockMicros, 1_000_000L);
        long micros = Math.floorMod(wallClockMicros, 1_000_000L);
        long fraction = (micros << 32) / 1_000_000L;
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) | fraction;
    }
}
