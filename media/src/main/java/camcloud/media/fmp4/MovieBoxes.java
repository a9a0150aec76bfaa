package camcloud.media.fmp4;

import java.nio.charset.StandardCharsets;

/**
 * The boxes of a {@code moov} that the fragmented init segment and the progressive export share
 * (14496-12 8.2-8.5, 14496-15 5.4.2): headers with durations, handler, media information and the
 * {@code avc1} sample entry. Both files describe the track identically, so players report the same.
 */
public final class MovieBoxes {

    /** Movie timescale of mvhd, tkhd and mehd: milliseconds. */
    public static final int MOVIE_TIMESCALE = 1000;

    private MovieBoxes() {
    }

    /** Converts media ticks to {@link #MOVIE_TIMESCALE}, rounding to nearest. */
    public static long movieDuration(long mediaTicks, int timescale) {
        return (mediaTicks * MOVIE_TIMESCALE + timescale / 2) / timescale;
    }

    /** Seconds from the MP4 epoch (1904-01-01T00:00:00Z, 14496-12 8.2.2.3) to the Unix epoch. */
    public static final long MP4_EPOCH_OFFSET_SECONDS = 2_082_844_800L;

    /** mvhd version 1 (64-bit times); {@code duration} in {@link #MOVIE_TIMESCALE}; no creation time. */
    public static void writeMvhd(BoxWriter w, long duration) {
        writeMvhd(w, duration, 0);
    }

    /**
     * mvhd version 1; {@code creationTime} (also the modification time) in seconds since 1904, 0
     * when unknown — what ffprobe shows as the {@code creation_time} tag.
     */
    public static void writeMvhd(BoxWriter w, long duration, long creationTime) {
        w.startFull("mvhd", 1, 0).u64(creationTime).u64(creationTime).u32(MOVIE_TIMESCALE).u64(duration);
        w.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
        w.unityMatrix().zeros(24).u32(VideoTrack.TRACK_ID + 1); // pre_defined, next_track_ID
        w.end();
    }

    /** tkhd version 1, enabled and in movie; {@code duration} in {@link #MOVIE_TIMESCALE}. */
    public static void writeTkhd(BoxWriter w, VideoTrack track, long duration) {
        writeTkhd(w, track, duration, 0);
    }

    /** As {@link #writeTkhd(BoxWriter, VideoTrack, long)} with a creation time (seconds since 1904). */
    public static void writeTkhd(BoxWriter w, VideoTrack track, long duration, long creationTime) {
        w.startFull("tkhd", 1, 0x3).u64(creationTime).u64(creationTime).u32(VideoTrack.TRACK_ID).u32(0).u64(duration);
        w.zeros(8).u16(0).u16(0).u16(0).u16(0); // reserved, layer, alternate_group, volume, reserved
        w.unityMatrix().u32((long) track.width() << 16).u32((long) track.height() << 16);
        w.end();
    }

    /** mdhd version 1 with language "und"; {@code duration} in the media timescale. */
    public static void writeMdhd(BoxWriter w, int timescale, long duration) {
        writeMdhd(w, timescale, duration, 0);
    }

    /** As {@link #writeMdhd(BoxWriter, int, long)} with a creation time (seconds since 1904). */
    public static void writeMdhd(BoxWriter w, int timescale, long duration, long creationTime) {
        w.startFull("mdhd", 1, 0).u64(creationTime).u64(creationTime).u32(timescale).u64(duration);
        w.u16(0x55c4).u16(0); // 'und', pre_defined
        w.end();
    }

    /** hdlr of a video track. */
    public static void writeHdlr(BoxWriter w) {
        w.startFull("hdlr", 0, 0).u32(0).fourcc("vide").zeros(12);
        w.bytes("camcloud video\0".getBytes(StandardCharsets.US_ASCII));
        w.end();
    }

    /** vmhd and a dinf whose data is in this file. */
    public static void writeVmhdDinf(BoxWriter w) {
        w.startFull("vmhd", 0, 1).u16(0).u16(0).u16(0).u16(0).end();
        w.start("dinf").startFull("dref", 0, 0).u32(1).startFull("url ", 0, 1).end().end().end();
    }

    /** stsd with one avc1 VisualSampleEntry carrying the track's avcC. */
    public static void writeStsd(BoxWriter w, VideoTrack track) {
        w.startFull("stsd", 0, 0).u32(1);
        w.start("avc1");
        w.zeros(6).u16(1); // reserved, data_reference_index
        w.u16(0).u16(0).zeros(12); // pre_defined, reserved, pre_defined[3]
        w.u16(track.width()).u16(track.height());
        w.u32(0x00480000).u32(0x00480000); // 72 dpi
        w.u32(0).u16(1); // reserved, frame_count
        w.zeros(32); // compressorname
        w.u16(0x0018).u16(0xffff); // depth, pre_defined = -1
        w.start("avcC").bytes(track.avcC()).end();
        w.end();
        w.end();
    }
}
