/**
 * The camera's picture when it is rendered live: a static world seen through a pan/tilt head, with
 * scripted objects, light and noise, and the camera's image settings applied — what the analytics
 * look at and what the encoder encodes.
 *
 * <pre>
 * SceneScript ─┐                                       ┌─► RawPictureListeners (analytics)
 * World ───────┼─► ScriptedScene.render(t) ─► RawPicture ┤
 * PtzHead ─────┘   view, objects, light,               └─► LiveEncoder (JCodec + clock band) ─► VideoFrame
 *                  night, image settings       LiveSceneSource: paces, renders, encodes; SceneControl
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.device.scene.SceneScript}: the timeline (objects, lights, noise, loop), its text
 *       format and parse errors;</li>
 *   <li>{@link camcloud.device.scene.World}: the panorama every view is cut from, drawn once per process;</li>
 *   <li>{@link camcloud.device.scene.PtzHead}: where the head points at any moment, moves, limits;</li>
 *   <li>{@link camcloud.device.scene.ScriptedScene}: one picture for one moment, no encoding, no waiting;</li>
 *   <li>{@link camcloud.device.scene.LiveSceneSource}: the video source and {@code SceneControl} the
 *       camera runs.</li>
 * </ul>
 */
package camcloud.device.scene;
