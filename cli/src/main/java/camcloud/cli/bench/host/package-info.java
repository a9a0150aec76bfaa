/**
 * The host a benchmark runs on and the processes it starts there, shared by every bench command
 * ({@code bench ingest}, {@code bench ingest --vs-nginx|--find-max}, {@code bench fleet},
 * {@code bench reconnect}) and the multi-node tests: one way to start a node, to read a process's
 * cost from {@code /proc}, to read a node's {@code /metrics} and to take the heap after a full GC.
 *
 * <pre>
 *   NodeProcess (camcloud server in its own JVM, JavaCommand, optional taskset) ──▶ StartedProcesses (killed on exit)
 *        │ pid                                  │ /metrics
 *        ▼                                      ▼
 *   ProcFs (CPU, RSS, fds)   Jcmd (GC.run, heap used)   Metrics (Prometheus text, summed by labels)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cli.bench.host.Machine}: the one line every bench prints about the machine and its load.</li>
 *   <li>{@link camcloud.cli.bench.host.NodeProcess}: a node as an operator runs it; start, stop (SIGTERM), kill (-9).</li>
 *   <li>{@link camcloud.cli.bench.host.ProcFs}: what {@code /proc/PID} says a process (or a group) costs.</li>
 *   <li>{@link camcloud.cli.bench.host.Jcmd}: a full GC and the heap in use, from outside the JVM.</li>
 *   <li>{@link camcloud.cli.bench.host.Metrics}: one scrape of a node's {@code /metrics}.</li>
 *   <li>{@link camcloud.cli.bench.host.StartedProcesses}: every server a bench started, killed by pid when the JVM exits.</li>
 *   <li>{@link camcloud.cli.bench.host.JavaCommand}: this JVM's {@code java}, {@code jcmd} and class path.</li>
 * </ul>
 *
 * <p>Why a package of its own: these pieces are about the machine and its processes, not about any one
 * bench; {@code ingest}, {@code peer} and {@code cluster} each use them and none owns them.
 */
package camcloud.cli.bench.host;
