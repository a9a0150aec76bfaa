package camcloud.device.system;

import camcloud.device.identity.CameraFlash;

/**
 * What the system software starts in normal mode: the video application and cloud agent from the
 * app partition. The virtual camera plugs its agent in here; tests that only care about boot and
 * updates pass {@link #NONE}.
 */
public interface NormalMode {

    NormalMode NONE = (flash, version) -> { };

    /** Starts the app; {@code version} is the firmware that booted. */
    void start(CameraFlash flash, String version) throws Exception;
}
