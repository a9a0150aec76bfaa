package camcloud.cli.bench.cluster;

import camcloud.device.identity.CameraConfig;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Provisions a fleet's cameras into its flash directory before the fleet process starts, so that the
 * connection time the benchmark measures holds no provisioning. In bulk, through the node's operator
 * API ({@code POST /api/operator/cameras/batch}, a thousand cameras a request).
 */
final class Provisioning {

    private Provisioning() {
    }

    /**
     * @param cloud the gateways the cameras will dial, first the one they start on (it provisions them)
     * @param api   the node's HTTP base, for bulk provisioning
     */
    static int provision(Path flashDir, int count, CameraConfig cloud, URI api, String operatorToken)
            throws IOException {
        return Fleet.provisionMissing(flashDir, count, CameraModels.builtIn().all(), cloud, api, operatorToken).size();
    }
}
