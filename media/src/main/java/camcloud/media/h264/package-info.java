/**
 * H.264 bitstream: framing (Annex B start codes, AVCC length prefixes), parameter sets, and the
 * grouping of NAL units into pictures. Input from cameras is untrusted, so every parser reports a
 * bad stream with {@link camcloud.media.h264.MalformedH264Exception} and a reason, never with an
 * index error.
 *
 * <pre>{@code
 * AccessUnitAssembler assembler = new AccessUnitAssembler();
 * for (NalUnit nal : AnnexB.split(bytes)) for (AccessUnit au : assembler.add(nal)) use(au);
 * SequenceParameterSet sps = SpsParser.parse(spsNal); // width(), height(), codecString(), frameRate()
 * }</pre>
 */
package camcloud.media.h264;
