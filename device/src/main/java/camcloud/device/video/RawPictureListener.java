package camcloud.device.video;

/**
 * Receives every picture a source renders, before it is encoded ({@link RawPicture}). Called on the
 * video application's clock thread, once per frame: it must return within a small part of the frame
 * interval and hand anything slow (encoding a JPEG snapshot, sending) to another thread.
 */
@FunctionalInterface
public interface RawPictureListener {

    void onRawPicture(RawPicture picture);
}
