/**
 * The shared-memory frame ring between the camera's video application and its cloud agent: a
 * memory-mapped file (under {@code /dev/shm}) that one {@link camcloud.device.ring.RingWriter} fills
 * with access units and any number of {@link camcloud.device.ring.RingReader}s, in other processes,
 * read in place. No socket, no syscall and no copy between the two processes: the article's key
 * efficiency point.
 *
 * <p>The rules, in one place:
 * <ul>
 *   <li>the writer never waits: when the ring is full it overwrites the oldest frames;</li>
 *   <li>a slow reader loses whole frames, oldest first, and counts them
 *       ({@link camcloud.device.ring.RingReader#lostFrames()});</li>
 *   <li>a reader never uses a torn frame: headers are validated before {@code poll} returns them and
 *       payloads after they have been read, by {@code release}, with a seqlock on the ring's tail
 *       (see {@link camcloud.device.ring.RingLayout});</li>
 *   <li>a payload is a read-only view into the mapping; the agent's one copy is into its outgoing
 *       network buffer, and it sends that buffer only if {@code release} said the frame was intact.</li>
 * </ul>
 *
 * <pre>{@code
 * // video application
 * try (VideoSource camera = new SyntheticVideoSource(SceneSettings.hd720(), seed);
 *      RingWriter ring = RingWriter.create(Path.of("/dev/shm/camcloud-cam1.ring"), 1024, 16 << 20)) {
 *     while (running) ring.append(camera.next());
 * }
 *
 * // cloud agent, another process
 * try (RingReader ring = RingReader.open(Path.of("/dev/shm/camcloud-cam1.ring"))) {
 *     RingIdle idle = new RingIdle(TimeUnit.MILLISECONDS.toNanos(1));
 *     while (running) {
 *         RingFrame frame = ring.poll();
 *         if (frame == null) { idle.idle(); continue; }
 *         idle.reset();
 *         ByteBuf out = alloc.directBuffer(frame.length());
 *         out.writeBytes(frame.payload());                 // the one copy
 *         if (ring.release(frame)) send(frame, out); else out.release();
 *     }
 * }
 * }</pre>
 */
package camcloud.device.ring;
