package camcloud.media.fmp4;

import camcloud.media.h264.AvcConfigurationRecord;
import camcloud.media.h264.MalformedH264Exception;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fragmented MP4 — a recorded segment (init + fragments), an init segment alone, or
 * fragments alone given the init read before — into its track description and a list of samples
 * with their offsets, so an export can copy the sample bytes without understanding them. Every
 * offset and size is checked against the bytes given.
 */
public final class SegmentReader {

    private static final int TFHD_BASE_DATA_OFFSET = 0x1;
    private static final int TFHD_SAMPLE_DESCRIPTION = 0x2;
    private static final int TFHD_DEFAULT_DURATION = 0x8;
    private static final int TFHD_DEFAULT_SIZE = 0x10;
    private static final int TFHD_DEFAULT_FLAGS = 0x20;
    private static final int TRUN_DATA_OFFSET = 0x1;
    private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x4;
    private static final int TRUN_DURATION = 0x100;
    private static final int TRUN_SIZE = 0x200;
    private static final int TRUN_FLAGS = 0x400;
    private static final int TRUN_COMPOSITION_OFFSET = 0x800;
    private static final long SAMPLE_IS_NON_SYNC = 0x00010000L;
    private static final int VISUAL_SAMPLE_ENTRY_FIELDS = 78;

    /**
     * What one file held.
     *
     * @param track   the track, from this file's moov or the one passed in
     * @param samples the samples of all its fragments, in decode order
     */
    public record Contents(TrackInfo track, List<SampleRef> samples) {
    }

    private SegmentReader() {
    }

    /**
     * Reads {@code bytes}.
     *
     * @param knownTrack the track of the init segment read before (for fragment-only files), or null
     * @throws MalformedMp4Exception when the structure is broken or fragments come without an init
     */
    public static Contents read(byte[] bytes, TrackInfo knownTrack) throws MalformedMp4Exception {
        TrackInfo track = knownTrack;
        List<SampleRef> samples = new ArrayList<>();
        for (Box box : Box.list(bytes, 0, bytes.length)) {
            switch (box.type()) {
                case "moov" -> track = readMoov(bytes, box);
                case "moof" -> {
                    if (track == null) {
                        throw new MalformedMp4Exception("movie fragment at offset " + box.start()
                                + " before any init segment (moov)");
                    }
                    readMoof(bytes, box, track, samples);
                }
                default -> { } // ftyp, styp, prft, mdat, free, sidx: nothing we need
            }
        }
        if (track == null) {
            throw new MalformedMp4Exception("no init segment (moov) in " + bytes.length + " bytes");
        }
        return new Contents(track, samples);
    }

    static TrackInfo readMoov(byte[] bytes, Box moov) throws MalformedMp4Exception {
        Box trak = moov.child(bytes, "trak");
        Box.Cursor tkhd = trak.child(bytes, "tkhd").read(bytes);
        int tkhdVersion = tkhd.u8();
        tkhd.skip(3 + (tkhdVersion == 1 ? 16 : 8));
        long trackId = tkhd.u32();
        Box mdia = trak.child(bytes, "mdia");
        Box.Cursor mdhd = mdia.child(bytes, "mdhd").read(bytes);
        int mdhdVersion = mdhd.u8();
        mdhd.skip(3 + (mdhdVersion == 1 ? 16 : 8));
        long timescale = mdhd.u32();
        if (timescale == 0 || timescale > Integer.MAX_VALUE) {
            throw new MalformedMp4Exception("mdhd timescale " + timescale + " is unusable");
        }
        Box stsd = mdia.child(bytes, "minf").child(bytes, "stbl").child(bytes, "stsd");
        List<Box> entries = Box.list(bytes, stsd.payloadStart() + 8, stsd.end());
        if (entries.isEmpty() || !(entries.get(0).type().equals("avc1") || entries.get(0).type().equals("avc3"))) {
            throw new MalformedMp4Exception("track is not H.264: sample entry "
                    + (entries.isEmpty() ? "missing" : "'" + entries.get(0).type() + "'"));
        }
        Box entry = entries.get(0);
        Box avcC = null;
        for (Box child : Box.list(bytes, entry.payloadStart() + VISUAL_SAMPLE_ENTRY_FIELDS, entry.end())) {
            if (child.type().equals("avcC")) {
                avcC = child;
            }
        }
        if (avcC == null) {
            throw new MalformedMp4Exception("avc1 sample entry has no avcC");
        }
        VideoTrack track;
        try {
            AvcConfigurationRecord config = AvcConfigurationRecord.parse(
                    java.util.Arrays.copyOfRange(bytes, avcC.payloadStart(), avcC.end()));
            VideoTrack parsed = VideoTrack.of(config);
            track = new VideoTrack(parsed.config(), parsed.sps(), parsed.avcC(), (int) timescale);
        } catch (MalformedH264Exception e) {
            throw new MalformedMp4Exception("bad avcC: " + e.getMessage(), e);
        }
        long defaultDuration = 0;
        long defaultSize = 0;
        long defaultFlags = 0;
        for (Box box : moov.children(bytes)) {
            if (box.type().equals("mvex")) {
                for (Box trex : box.children(bytes)) {
                    if (trex.type().equals("trex")) {
                        Box.Cursor c = trex.read(bytes);
                        c.skip(4 + 4 + 4); // version/flags, track_ID, default_sample_description_index
                        defaultDuration = c.u32();
                        defaultSize = c.u32();
                        defaultFlags = c.u32();
                    }
                }
            }
        }
        return new TrackInfo(track, (int) timescale, trackId, defaultDuration, defaultSize, defaultFlags);
    }

    private static void readMoof(byte[] bytes, Box moof, TrackInfo track, List<SampleRef> samples)
            throws MalformedMp4Exception {
        for (Box traf : moof.children(bytes)) {
            if (!traf.type().equals("traf")) {
                continue;
            }
            Box.Cursor tfhd = traf.child(bytes, "tfhd").read(bytes);
            tfhd.u8();
            int tfhdFlags = tfhd.u24();
            long trackId = tfhd.u32();
            if (trackId != track.trackId()) {
                continue; // another track: not ours
            }
            long base = moof.start();
            if ((tfhdFlags & TFHD_BASE_DATA_OFFSET) != 0) {
                base = tfhd.u64();
            }
            if ((tfhdFlags & TFHD_SAMPLE_DESCRIPTION) != 0) {
                tfhd.u32();
            }
            long defaultDuration = (tfhdFlags & TFHD_DEFAULT_DURATION) != 0 ? tfhd.u32() : track.defaultDuration();
            long defaultSize = (tfhdFlags & TFHD_DEFAULT_SIZE) != 0 ? tfhd.u32() : track.defaultSize();
            long defaultFlags = (tfhdFlags & TFHD_DEFAULT_FLAGS) != 0 ? tfhd.u32() : track.defaultFlags();
            Box.Cursor tfdt = traf.child(bytes, "tfdt").read(bytes);
            long decodeTime = tfdt.u8() == 1 ? skipFlags(tfdt).u64() : skipFlags(tfdt).u32();
            long dataPos = base;
            for (Box trun : traf.children(bytes)) {
                if (!trun.type().equals("trun")) {
                    continue;
                }
                Box.Cursor c = trun.read(bytes);
                c.u8();
                int flags = c.u24();
                long count = c.u32();
                if (count > (trun.end() - c.position())) {
                    throw new MalformedMp4Exception("trun claims " + count + " samples in a " + (trun.end() - trun.start())
                            + "-byte box");
                }
                if ((flags & TRUN_DATA_OFFSET) != 0) {
                    dataPos = base + (int) c.u32(); // signed
                }
                long firstFlags = (flags & TRUN_FIRST_SAMPLE_FLAGS) != 0 ? c.u32() : -1;
                for (long i = 0; i < count; i++) {
                    long duration = (flags & TRUN_DURATION) != 0 ? c.u32() : defaultDuration;
                    long size = (flags & TRUN_SIZE) != 0 ? c.u32() : defaultSize;
                    long sampleFlags = (flags & TRUN_FLAGS) != 0 ? c.u32() : (i == 0 && firstFlags >= 0 ? firstFlags : defaultFlags);
                    int cto = (flags & TRUN_COMPOSITION_OFFSET) != 0 ? (int) c.u32() : 0;
                    if (dataPos < 0 || size <= 0 || dataPos + size > bytes.length) {
                        throw new MalformedMp4Exception("sample " + (samples.size() + 1) + " of " + size
                                + " bytes at offset " + dataPos + " lies outside the " + bytes.length + "-byte file");
                    }
                    samples.add(new SampleRef(decodeTime, duration, (int) dataPos, (int) size,
                            (sampleFlags & SAMPLE_IS_NON_SYNC) == 0, cto));
                    decodeTime += duration;
                    dataPos += size;
                }
            }
        }
    }

    private static Box.Cursor skipFlags(Box.Cursor c) throws MalformedMp4Exception {
        c.skip(3);
        return c;
    }
}
