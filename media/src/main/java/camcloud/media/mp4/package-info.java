/**
 * Export of an archive range as one progressive MP4 file, written in a streaming two-pass fashion.
 */
package camcloud.media.mp4;
