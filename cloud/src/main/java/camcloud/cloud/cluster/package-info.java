/**
 * Several nodes on one database: who is alive and which node holds which camera, and the small
 * messages nodes send each other.
 *
 * <pre>
 *  Presence (this node's cameras) ──► PresenceRelay ──► NodeDirectory (cluster_nodes, cluster_cameras;
 *                                          │              lease renewed every lease/3, dead nodes swept)
 *                                          ▼ once written            ▲
 *                                     ClusterBus ◄────────────────── DirectoryLocator (CameraLocator)
 *           PostgreSQL LISTEN/NOTIFY (PgNotifyBus) · in-process on SQLite (LocalBus)
 *   carries: CommandRelay (command → camera's node, outcome back) · ChangeRelay (firmware targets,
 *            ownership changes) · PushRelay (events, notifications) · "camera online here"
 *            (older sessions elsewhere get Goodbye REPLACED) · "camera offline everywhere"
 * </pre>
 *
 * <p>{@link camcloud.cloud.cluster.ClusterNode} puts it together for {@code CloudServer}. Live video
 * of a camera on another node is relayed node to node, not over the bus.
 */
package camcloud.cloud.cluster;
