package camcloud.media.h264;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SPSs and PPSs a stream has sent so far, by id, as a decoder keeps them: slice headers and
 * init segments are read against them.
 */
public final class ParameterSets {

    private final Map<Integer, SequenceParameterSet> spsById = new HashMap<>();
    private final Map<Integer, PictureParameterSet> ppsById = new HashMap<>();
    private SequenceParameterSet lastSps;
    private PictureParameterSet lastPps;

    /**
     * Records {@code nal} if it is an SPS or PPS; other units are ignored.
     *
     * @return true when the unit was a parameter set
     */
    public boolean accept(NalUnit nal) throws MalformedH264Exception {
        if (nal.type() == NalUnitType.SPS) {
            lastSps = SpsParser.parse(nal);
            spsById.put(lastSps.id(), lastSps);
            return true;
        }
        if (nal.type() == NalUnitType.PPS) {
            lastPps = PictureParameterSet.parse(nal);
            ppsById.put(lastPps.id(), lastPps);
            return true;
        }
        return false;
    }

    SequenceParameterSet sps(int id) {
        return spsById.get(id);
    }

    PictureParameterSet pps(int id) {
        return ppsById.get(id);
    }

    /** The most recently received SPS, which an init segment describes. */
    public Optional<SequenceParameterSet> latestSps() {
        return Optional.ofNullable(lastSps);
    }

    /** The most recently received PPS. */
    public Optional<PictureParameterSet> latestPps() {
        return Optional.ofNullable(lastPps);
    }
}
