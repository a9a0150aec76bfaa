/**
 * The cloud agent's video uplink: the reader side of the shared-memory ring and the upload buffer
 * that holds video until the cloud says it is persisted.
 *
 * <pre>
 * video app ──RingWriter──► ring file (/dev/shm) ──RingIntake──► UploadBuffer ──MediaUplink──► connection
 *                                                  one copy      bounded, GOPs,     StreamConfig, MediaUnit,
 *                                                               sequence numbers   MediaGap; MediaAck back
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.device.uplink.RingIntake}: attaches to the ring, copies each unit once;</li>
 *   <li>{@link camcloud.device.uplink.StreamFormatProbe}: the stream format from in-band SPS/PPS;</li>
 *   <li>{@link camcloud.device.uplink.UploadBuffer}: numbers units, bounds them by bytes, drops whole
 *       GOPs oldest first and records each dropped run as a gap;</li>
 *   <li>{@link camcloud.device.uplink.RecordingGate}: continuous or events only — record, clip, live only
 *       or hold each unit as pre-roll ({@link camcloud.device.uplink.RecordingMode});</li>
 *   <li>{@link camcloud.device.uplink.MediaUplink}: runs all of it on the agent's event loop and
 *       sends while the channel is writable;</li>
 *   <li>{@link camcloud.device.uplink.UplinkHandler}: the Netty handler that ties a session to it.</li>
 * </ul>
 */
package camcloud.device.uplink;
