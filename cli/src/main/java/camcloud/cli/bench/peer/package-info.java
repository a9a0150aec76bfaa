/**
 * The peer the camcloud node is measured against in {@code camcloud bench ingest --vs-nginx}: Debian's
 * nginx with the RTMP module, fed by Debian's ffmpeg, and the outside measurements both servers get.
 *
 * <pre>
 *   FfmpegPublishers (N × ffmpeg -re -c copy -f flv) ──RTMP──▶ NginxRtmp (record all → NAME.flv)
 *                                                                   │
 *   host.ProcFs (/proc/PID/stat, VmRSS of master + workers) ◀───────┘   FlvTags (frames recorded)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cli.bench.peer.NginxRtmp}: writes the configuration, starts nginx, stops it by its pid file.</li>
 *   <li>{@link camcloud.cli.bench.peer.FfmpegPublishers}: N real-time publishers of one clip, stopped by pid.</li>
 *   <li>CPU time and RSS of nginx and the node alike, and the kill-on-exit list: {@link camcloud.cli.bench.host}.</li>
 *   <li>{@link camcloud.cli.bench.peer.FlvTags}: counts the frames in a recording being written.</li>
 * </ul>
 */
package camcloud.cli.bench.peer;
