/**
 * Who owns each camera, who owned it when, and who may see what: a camera's video belongs to the
 * owner under whom it was recorded, for the time of their ownership.
 *
 * <pre>
 *   claim ──► Ownerships ──► camera_ownerships (from, to, kept|deleted, retention at release)
 *   release ─┘    │ listeners: Recorder.ownerChanged (cut the segment there)
 *                 ▼
 *   request ──► AccessControl ──► CameraAccess (OWNER | VIEWER | FORMER_OWNER, VideoWindows)
 *                 ▲                    │ visible(segments), visibleGaps(gaps), live(), manage()
 *   Shares (camera_shares, per ownership)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.ownership.Ownerships}: claim and release, each in one transaction with
 *       the device's owner; the history of owners.</li>
 *   <li>{@link camcloud.cloud.ownership.Shares}: view-only access an owner gives another account.</li>
 *   <li>{@link camcloud.cloud.ownership.AccessControl}: what a user may do with a camera, asked on
 *       every request and again every second by live video.</li>
 *   <li>{@link camcloud.cloud.ownership.CameraAccess}: the answer, and the video it lets the user see.</li>
 *   <li>{@link camcloud.cloud.ownership.VideoWindow}: a stretch of the timeline one user may see.</li>
 *   <li>{@link camcloud.cloud.ownership.CameraRelease}: release with the owner's choice for the
 *       recordings, and deleting recordings a former owner kept.</li>
 *   <li>{@link camcloud.cloud.ownership.RecordingEraser}: what deletes them (the retention sweep).</li>
 * </ul>
 */
package camcloud.cloud.ownership;
