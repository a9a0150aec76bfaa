package camcloud.cloud.webapp;

import camcloud.cloud.TestCloud;
import camcloud.device.camera.VirtualCamera;
import java.nio.file.Path;

/** Powers on a virtual camera whose live synthetic scene follows a {@code SceneScript}. */
final class ScriptedCameras {

    private ScriptedCameras() {
    }

    static VirtualCamera powerOn(TestCloud cloud, Path flash, String script) {
        throw new UnsupportedOperationException("the scripted live scene (LiveSceneSource, SceneScript) is not on main yet");
    }
}
