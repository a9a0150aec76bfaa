package camcloud.device.video;

/**
 * One picture as the camera's image pipeline has it before the encoder: YUV 4:2:0 planes and what the
 * sensors saw at the same moment. It is what the camera's analytics (motion, sound, day/night) look
 * at; on a real camera the ISP hands the same buffer to the encoder and to the detection code.
 *
 * <p>The planes follow JCodec's 8-bit convention, <b>sample value minus 128</b> (so black is -128 and
 * white 127). They belong to the source and are reused for the next picture: a listener reads them
 * during {@link RawPictureListener#onRawPicture} and copies what it keeps (a snapshot), never the
 * arrays themselves.
 *
 * @param width          picture width in pixels (even)
 * @param height         picture height in pixels (even)
 * @param y              luma plane, {@code width * height} samples, row by row
 * @param u              Cb plane, {@code (width / 2) * (height / 2)} samples
 * @param v              Cr plane, same size as {@code u}
 * @param captureMicros  the capture time on the camera's monotonic clock: the same value the encoded
 *                       frame of this picture carries ({@link VideoFrame#captureMicros()})
 * @param wallClockMillis the camera's wall clock at capture
 * @param ambientLight   what the light sensor reads, 0 (dark) .. 1 (daylight); independent of the IR
 *                       light, so night mode does not switch itself off by lighting the scene
 * @param audioDbfs      the microphone's level over this picture's duration, dBFS (0 is full scale,
 *                       silence about -90)
 * @param headMoving     the pan/tilt head moved during this picture: the whole view shifts, which
 *                       motion detection must not report as motion
 */
public record RawPicture(int width, int height, byte[] y, byte[] u, byte[] v, long captureMicros,
                         long wallClockMillis, double ambientLight, double audioDbfs, boolean headMoving) {
}
