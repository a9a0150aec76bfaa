package camcloud.media.h264;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups a stream of NAL units into access units (pictures) by the rules of H.264 7.4.1.2.3 and
 * 7.4.1.2.4: an AUD, SPS, PPS, SEI or type 14..18 unit after a slice, or a slice whose header
 * differs from the previous one, starts a new picture. Several slices per picture are kept
 * together. Feed units in stream order; a picture is returned once the first unit of the next one
 * arrives, and {@link #flush()} returns the last.
 *
 * <pre>{@code
 * AccessUnitAssembler assembler = new AccessUnitAssembler();
 * for (NalUnit nal : AnnexB.split(bytes)) for (AccessUnit au : assembler.add(nal)) record(au);
 * assembler.flush().ifPresent(this::record);
 * }</pre>
 *
 * Not thread-safe. After a {@link MalformedH264Exception} the offending unit is dropped and the
 * assembler stays usable.
 */
public final class AccessUnitAssembler {

    /** More NAL units than this without completing a picture is not a camera stream: refuse it. */
    static final int MAX_UNITS_PER_ACCESS_UNIT = 4096;
    /** Bytes held for one picture before the stream is declared broken (a 4K intra picture is far less). */
    static final long MAX_BYTES_PER_ACCESS_UNIT = 32L << 20;

    private final ParameterSets parameterSets = new ParameterSets();
    private final List<NalUnit> pending = new ArrayList<>();
    private SliceHeader lastSlice;
    private boolean pendingHasVcl;
    private boolean pendingIdr;
    private long pendingBytes;

    /**
     * Adds one unit; returns the access unit it completed, if any (at most one).
     *
     * @throws MalformedH264Exception for a bad parameter set or a slice whose header cannot be read
     *                                (including one referring to an SPS/PPS not yet received)
     */
    public List<AccessUnit> add(NalUnit nal) throws MalformedH264Exception {
        if (pending.size() >= MAX_UNITS_PER_ACCESS_UNIT || pendingBytes + nal.size() > MAX_BYTES_PER_ACCESS_UNIT) {
            int units = pending.size();
            long bytes = pendingBytes;
            discardPending();
            throw new MalformedH264Exception("no picture completed after " + units + " NAL units (" + bytes
                    + " bytes); discarded them");
        }
        int type = nal.type();
        if (NalUnitType.isVcl(type)) {
            SliceHeader header = SliceHeader.parse(nal, parameterSets);
            List<AccessUnit> done = List.of();
            if (pendingHasVcl && header.startsNewPictureAfter(lastSlice)) {
                done = List.of(complete());
            }
            append(nal);
            pendingHasVcl = true;
            pendingIdr |= type == NalUnitType.IDR_SLICE;
            lastSlice = header;
            return done;
        }
        if (type == NalUnitType.SPS || type == NalUnitType.PPS) {
            parameterSets.accept(nal); // may throw: a broken parameter set is not queued
        }
        List<AccessUnit> done = List.of();
        if (pendingHasVcl && NalUnitType.startsAccessUnit(type)) {
            done = List.of(complete());
        }
        append(nal);
        return done;
    }

    private void append(NalUnit nal) {
        pending.add(nal);
        pendingBytes += nal.size();
    }

    private void discardPending() {
        pending.clear();
        pendingBytes = 0;
        pendingHasVcl = false;
        pendingIdr = false;
        lastSlice = null;
    }

    /**
     * Adds every unit of an Annex B chunk; returns the access units completed by it. Stops at the
     * first bad unit (the rest of the chunk is not added); callers that want to skip bad units feed
     * {@link #add} one at a time.
     */
    public List<AccessUnit> addAnnexB(byte[] annexB) throws MalformedH264Exception {
        List<AccessUnit> done = new ArrayList<>();
        for (NalUnit nal : AnnexB.split(annexB)) {
            done.addAll(add(nal));
        }
        return done;
    }

    /** Returns the picture in progress, if it has a slice; units without one are discarded. */
    public Optional<AccessUnit> flush() {
        if (!pendingHasVcl) {
            discardPending();
            return Optional.empty();
        }
        return Optional.of(complete());
    }

    /** The parameter sets seen so far. */
    public ParameterSets parameterSets() {
        return parameterSets;
    }

    /** Splits a whole Annex B stream into access units. */
    public static List<AccessUnit> assemble(byte[] annexB) throws MalformedH264Exception {
        AccessUnitAssembler assembler = new AccessUnitAssembler();
        List<AccessUnit> units = assembler.addAnnexB(annexB);
        assembler.flush().ifPresent(units::add);
        return units;
    }

    private AccessUnit complete() {
        AccessUnit unit = new AccessUnit(pending, pendingIdr);
        discardPending();
        return unit;
    }
}
