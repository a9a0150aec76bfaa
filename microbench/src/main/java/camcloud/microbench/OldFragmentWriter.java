package camcloud.microbench;

import camcloud.media.fmp4.BoxWriter;
import camcloud.media.fmp4.ProducerReferenceTime;
import camcloud.media.fmp4.VideoTrack;

/**
 * The baseline: how a fragment was written before the frame path kept the camera's bytes (issue 13),
 * kept here only to be measured against. Every sample's AVCC bytes are copied into one growing array,
 * which is copied again to its exact size.
 */
final class OldFragmentWriter {

    private long sequenceNumber = 1;

    /** One fragment of one sample holding {@code avcc} (length-prefixed NAL units). */
    byte[] write(long baseDecodeTime, byte[] avcc, int duration, boolean keyframe, ProducerReferenceTime prft) {
        BoxWriter w = new BoxWriter(avcc.length + 128 + 16);
        w.startFull("prft", 1, 0).u32(VideoTrack.TRACK_ID).u64(prft.ntpTimestamp()).u64(prft.mediaTime()).end();
        int moofStart = w.size();
        w.start("moof");
        w.startFull("mfhd", 0, 0).u32(sequenceNumber++).end();
        w.start("traf");
        w.startFull("tfhd", 0, 0x020000).u32(VideoTrack.TRACK_ID).end();
        w.startFull("tfdt", 1, 0).u64(baseDecodeTime).end();
        w.startFull("trun", 0, 0x000701).u32(1);
        int dataOffsetAt = w.size();
        w.u32(0);
        w.u32(duration).u32(avcc.length).u32(keyframe ? 0x02000000 : 0x01010000);
        w.end().end().end();
        int moofSize = w.size() - moofStart;
        w.u32(avcc.length + 8L).fourcc("mdat");
        w.bytes(avcc);
        byte[] bytes = w.toByteArray();
        int dataOffset = moofSize + 8;
        bytes[dataOffsetAt] = (byte) (dataOffset >>> 24);
        bytes[dataOffsetAt + 1] = (byte) (dataOffset >>> 16);
        bytes[dataOffsetAt + 2] = (byte) (dataOffset >>> 8);
        bytes[dataOffsetAt + 3] = (byte) dataOffset;
        return bytes;
    }
}
