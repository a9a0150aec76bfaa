/**
 * The camera's analytics: what it notices in its own pictures, turned into events for the cloud.
 *
 * <pre>
 * clock thread (video app)                                   snapshot thread (shared)      agent loop
 * RawPicture ─► CameraAnalytics ─► MotionDetector ─┐
 *                                  SoundDetector  ─┼─► Detection ─► CameraEvent ─┬─► JPEG ─► EventSink ─► EventOutbox ─► cloud
 *                                  DayNightSwitch ─┘    START: Snapshot (copy) ───┘          (in order)   (until EventAck)
 * VideoFrame (file source) ─► CodedSizeMotion ─┘                 └─► onActivity (event-only recording)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.device.analytics.MotionDetector}: block grid over luma, relit background, zones;</li>
 *   <li>{@link camcloud.device.analytics.SoundDetector}: level over a threshold for a while;</li>
 *   <li>{@link camcloud.device.analytics.DayNightSwitch}: light sensor with hysteresis, drives the night hardware;</li>
 *   <li>{@link camcloud.device.analytics.CodedSizeMotion}: motion estimated from P-frame sizes (files);</li>
 *   <li>{@link camcloud.device.analytics.Snapshot}: a picture copied small on the clock thread, JPEG elsewhere;</li>
 *   <li>{@link camcloud.device.analytics.CameraAnalytics}: runs them, names events, bounds snapshots,
 *       tells whether an event is open;</li>
 *   <li>{@link camcloud.device.analytics.DetectionSettings}, {@link camcloud.device.analytics.Zone},
 *       {@link camcloud.device.analytics.DayNightMode}: what the detectors are told (parsed by
 *       {@code camera.CameraSettings}).</li>
 * </ul>
 */
package camcloud.device.analytics;
