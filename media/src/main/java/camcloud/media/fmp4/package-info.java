/**
 * Fragmented MP4 (CMAF) for the single H.264 track of a camera: init segments, movie fragments
 * with {@code prft} capture times, the recorder's segment files and the live viewer's stream.
 *
 * <pre>{@code
 * VideoTrack track = VideoTrack.of(keyframe);                         // from in-band SPS/PPS
 * new SegmentWriter(track, decodeTime, out, SampleClock.standard(), 1, true)  // recorder
 * new LiveFragmenter(track, SampleClock.standard())                   // live MSE viewer
 * }</pre>
 */
package camcloud.media.fmp4;
