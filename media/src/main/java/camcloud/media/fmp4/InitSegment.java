package camcloud.media.fmp4;

/**
 * The initialization segment of a fragmented MP4 (CMAF header): {@code ftyp} + {@code moov} with an
 * empty sample table and {@code mvex}/{@code trex}, as Media Source Extensions, HLS
 * ({@code EXT-X-MAP}) and the recorder's segment files need it. Pure function of the track.
 */
public final class InitSegment {

    private InitSegment() {
    }

    /** The init segment of a live or open-ended stream: durations unknown (zero). */
    public static byte[] of(VideoTrack track) {
        return of(track, 0);
    }

    /**
     * The init segment of a stream whose fragments total {@code durationTicks} (in the track's
     * timescale): written into mvhd, tkhd, mdhd and mehd so players report it before reading all
     * fragments.
     */
    public static byte[] of(VideoTrack track, long durationTicks) {
        BoxWriter w = new BoxWriter(1024);
        w.start("ftyp").fourcc("iso6").u32(0);
        for (String brand : new String[] {"iso6", "cmfc", "isom", "avc1", "mp41"}) {
            w.fourcc(brand);
        }
        w.end();
        w.start("moov");
        long movieDuration = MovieBoxes.movieDuration(durationTicks, track.timescale());
        MovieBoxes.writeMvhd(w, movieDuration);
        w.start("trak");
        MovieBoxes.writeTkhd(w, track, movieDuration);
        w.start("mdia");
        MovieBoxes.writeMdhd(w, track.timescale(), durationTicks);
        MovieBoxes.writeHdlr(w);
        w.start("minf");
        MovieBoxes.writeVmhdDinf(w);
        w.start("stbl");
        MovieBoxes.writeStsd(w, track);
        w.startFull("stts", 0, 0).u32(0).end();
        w.startFull("stsc", 0, 0).u32(0).end();
        w.startFull("stsz", 0, 0).u32(0).u32(0).end();
        w.startFull("stco", 0, 0).u32(0).end();
        w.end().end().end().end(); // stbl, minf, mdia, trak
        w.start("mvex");
        if (durationTicks > 0) {
            w.startFull("mehd", 1, 0).u64(movieDuration).end();
        }
        w.startFull("trex", 0, 0).u32(VideoTrack.TRACK_ID).u32(1).u32(0).u32(0).u32(0).end();
        w.end();
        w.end(); // moov
        return w.toByteArray();
    }
}
