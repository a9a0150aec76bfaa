/**
 * The camcloud side of {@code camcloud bench ingest}: cameras that stream a clip into a node, and the node
 * measured from the outside.
 *
 * <pre>
 *   BenchClip (ffmpeg, cached) ──▶ BenchCameras ── N × BenchCamera (TLS, own identity, own 127.0.x.y) ──▶ node
 *                                                                                                           │
 *   NodeWindow: /proc CPU + RSS (host.NodeProcess), ingest and drop meters (/metrics), camera acks ◀────────┘
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cli.bench.ingest.BenchClip}: the 640x360 15 fps ~700 kbit/s H.264 clip both servers get.</li>
 *   <li>{@link camcloud.cli.bench.ingest.BenchCameras}: provisions cameras (in bulk, through the node's API) and
 *       connects them; {@link
 *       camcloud.cli.bench.ingest.BenchCamera}: one camera's handler, flooding or real time.</li>
 *   <li>{@link camcloud.cli.bench.ingest.NodeWindow}, {@link camcloud.cli.bench.ingest.NginxWindow}: one
 *       measurement window of each server, as {@link camcloud.cli.bench.ingest.ServerFigures}.</li>
 *   <li>{@link camcloud.cli.bench.ingest.MemoryFigures}: the node's heap and RSS per streaming camera.</li>
 *   <li>The node itself, {@code /proc}, {@code /metrics} and {@code jcmd}: {@link camcloud.cli.bench.host}.</li>
 *   <li>{@link camcloud.cli.bench.ingest.VsNginx}, {@link camcloud.cli.bench.ingest.FindMax}: the two runs.</li>
 * </ul>
 */
package camcloud.cli.bench.ingest;
