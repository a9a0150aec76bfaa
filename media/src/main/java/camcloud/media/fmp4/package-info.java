/**
 * Fragmented MP4 (CMAF) for the single H.264 track of a camera: init segments, movie fragments
 * with {@code prft} capture times, the recorder's segment files and the live viewer's stream.
 * {@link camcloud.media.fmp4.FragmentWriter} is the one fragmenter: it writes only the small
 * headers and length prefixes, the frames' bytes are retained slices; the recorder's timing
 * (a frame lasts until the next) is {@link camcloud.media.fmp4.SegmentWriter}'s, the live timing
 * (a frame goes out at once) {@link camcloud.media.fmp4.LiveTimeline}'s.
 *
 * <pre>{@code
 * VideoTrack track = VideoTrack.of(keyframe);                         // from in-band SPS/PPS
 * new SegmentWriter(track, decodeTime, out, SampleClock.standard(), 1, true)  // recorder
 * new LiveTimeline()                                                  // live MSE viewers of a camera
 * }</pre>
 */
package camcloud.media.fmp4;
