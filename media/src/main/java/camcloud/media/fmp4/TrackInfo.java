package camcloud.media.fmp4;

/**
 * What an init segment says about the track that fragments need to be read: the codec
 * configuration, the timescale and the trex defaults.
 */
public record TrackInfo(VideoTrack track, int timescale, long trackId, long defaultDuration, long defaultSize,
                        long defaultFlags) {
}
