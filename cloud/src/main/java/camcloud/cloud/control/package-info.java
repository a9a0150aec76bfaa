/**
 * Commands to cameras and their settings: what an owner changes on a camera, and what the camera
 * says it is doing.
 *
 * <pre>
 *  HTTP (api/CommandRoute, SettingsRoutes, PtzRoutes)
 *     │ SettingKeys.check ──(bad key or value: 400, nothing sent)
 *     ▼
 *  CameraSettings ──► CameraCommands ──(offline: 409 · no capability: 501)
 *     │  (on OK:            │ id, CommandLog
 *     │   camera_settings)  ▼
 *     │              CameraConnection.send(command, timeout) ─► gateway ─► camera
 *     │                     │ ack / timeout (pending entry removed, late ack counted) / dropped
 *     │                     ▼ on the control executor, never an event loop
 *     │              Outcome ──► HTTP answer;  ack.state ─► StateReports
 *     ▼
 *  Welcome.settings ◄── camera_settings        CameraStatus.settings ─► StateReports
 *                                                   (coalesced, one transaction a second)
 *                                                   ─► camera_reported_state
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.control.CameraControl} — the node's commands and settings; follows
 *       releases (forgets the log, closes the camera's connection so it starts from its defaults).</li>
 *   <li>{@link camcloud.cloud.control.CameraCommands} — ids, capability checks, one timeout, outcomes.</li>
 *   <li>{@link camcloud.cloud.control.CommandLog} — each camera's last commands, in memory.</li>
 *   <li>{@link camcloud.cloud.control.SettingKeys}, {@link camcloud.cloud.control.MotionZones} — the
 *       settings table: keys, shapes, ranges, capabilities, defaults.</li>
 *   <li>{@link camcloud.cloud.control.CameraSettings} — apply, day/night, the owner's view, Welcome's settings.</li>
 *   <li>{@link camcloud.cloud.control.CameraSettingsStore} — {@code camera_settings} and
 *       {@code camera_reported_state} (V008).</li>
 *   <li>{@link camcloud.cloud.control.StateReports} — what cameras report, bounded and written off the
 *       event loops.</li>
 * </ul>
 */
package camcloud.cloud.control;
