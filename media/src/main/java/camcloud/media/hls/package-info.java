/**
 * HLS playlists (RFC 8216, version 7) over recorded fMP4 segments for archive playback in hls.js,
 * Safari, VLC and ffplay.
 */
package camcloud.media.hls;
