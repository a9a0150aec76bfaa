/**
 * Export of an archive range as one progressive MP4 file, cut to the frame and written in a
 * streaming two-pass fashion.
 *
 * <pre>
 * Mp4Export   the two passes: sample tables, then the header (moov with edit list and creation time) and the bytes
 * RangeCut    which samples of each segment the range holds: keyframe pre-roll, last frame cut at 'to', gaps
 * SampleTable the progressive sample table (stts, ctts, stss, stsc, stsz, stco/co64) in primitive arrays
 * </pre>
 */
package camcloud.media.mp4;
