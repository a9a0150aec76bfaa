package camcloud.media.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) — the body of an MP4 {@code avcC}
 * box: the SPS and PPS a decoder needs before the first sample, and the size of the NAL length
 * prefixes in samples.
 *
 * @param sps         the SPS units, first one describing the stream
 * @param pps         the PPS units
 * @param lengthSize  bytes of each NAL length prefix in samples (1, 2 or 4)
 */
public record AvcConfigurationRecord(List<NalUnit> sps, List<NalUnit> pps, int lengthSize) {

    public AvcConfigurationRecord {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /**
     * The record for one SPS and one PPS with 4-byte lengths, what our muxer writes.
     *
     * @throws MalformedH264Exception when either unit is missing, of the wrong type, or unparsable
     */
    public static AvcConfigurationRecord of(NalUnit sps, NalUnit pps) throws MalformedH264Exception {
        if (sps == null || pps == null) {
            throw new MalformedH264Exception("an avcC needs both an SPS and a PPS; missing "
                    + (sps == null ? "SPS" : "PPS"));
        }
        SpsParser.parse(sps);
        PictureParameterSet.parse(pps);
        return new AvcConfigurationRecord(List.of(sps), List.of(pps), Avcc.LENGTH_SIZE);
    }

    /** The parsed first SPS. */
    public SequenceParameterSet parsedSps() throws MalformedH264Exception {
        return SpsParser.parse(sps.get(0));
    }

    /** Serializes the record (the avcC box body). */
    public byte[] toBytes() throws MalformedH264Exception {
        SequenceParameterSet first = parsedSps();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // configurationVersion
        out.write(first.profileIdc());
        out.write(first.constraintFlags());
        out.write(first.levelIdc());
        out.write(0xfc | (lengthSize - 1));
        out.write(0xe0 | sps.size());
        for (NalUnit unit : sps) {
            writeUnit(out, unit);
        }
        out.write(pps.size());
        for (NalUnit unit : pps) {
            writeUnit(out, unit);
        }
        if (hasExtension(first.profileIdc())) {
            out.write(0xfc | first.chromaFormatIdc());
            out.write(0xf8 | (first.bitDepthLuma() - 8));
            out.write(0xf8 | (first.bitDepthChroma() - 8));
            out.write(0); // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    /**
     * Reads a record, e.g. the avcC of an MP4 file.
     *
     * @throws MalformedH264Exception when the record is truncated or holds no SPS or PPS
     */
    public static AvcConfigurationRecord parse(byte[] avcC) throws MalformedH264Exception {
        if (avcC.length < 7 || avcC[0] != 1) {
            throw new MalformedH264Exception("not an AVCDecoderConfigurationRecord (" + avcC.length
                    + " bytes, version " + (avcC.length > 0 ? avcC[0] : -1) + ")");
        }
        int lengthSize = (avcC[4] & 3) + 1;
        if (lengthSize == 3) {
            throw new MalformedH264Exception("avcC declares a 3-byte NAL length size, which 14496-15 forbids");
        }
        int[] pos = {5};
        List<NalUnit> sps = readUnits(avcC, pos, avcC[5] & 0x1f, "SPS");
        if (pos[0] >= avcC.length) {
            throw new MalformedH264Exception("avcC truncated before its PPS count");
        }
        int ppsCount = avcC[pos[0]] & 0xff;
        List<NalUnit> pps = readUnits(avcC, pos, ppsCount, "PPS");
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new MalformedH264Exception("avcC holds " + sps.size() + " SPS and " + pps.size() + " PPS; needs both");
        }
        return new AvcConfigurationRecord(sps, pps, lengthSize);
    }

    private static List<NalUnit> readUnits(byte[] data, int[] pos, int count, String what)
            throws MalformedH264Exception {
        pos[0]++; // the count byte
        List<NalUnit> units = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (pos[0] + 2 > data.length) {
                throw new MalformedH264Exception("avcC truncated in " + what + " " + i + " length");
            }
            int length = ((data[pos[0]] & 0xff) << 8) | (data[pos[0] + 1] & 0xff);
            pos[0] += 2;
            if (length == 0 || pos[0] + length > data.length) {
                throw new MalformedH264Exception("avcC " + what + " " + i + " of length " + length + " does not fit");
            }
            units.add(NalUnit.copyOf(data, pos[0], length));
            pos[0] += length;
        }
        return units;
    }

    private static void writeUnit(ByteArrayOutputStream out, NalUnit unit) {
        out.write(unit.size() >> 8);
        out.write(unit.size());
        out.writeBytes(unit.bytes());
    }

    /** 14496-15: these profiles append chroma format and bit depths to the record. */
    private static boolean hasExtension(int profileIdc) {
        return profileIdc == 100 || profileIdc == 110 || profileIdc == 122 || profileIdc == 144;
    }
}
