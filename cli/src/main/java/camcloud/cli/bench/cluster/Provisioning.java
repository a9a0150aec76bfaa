package camcloud.cli.bench.cluster;

import camcloud.device.identity.CameraConfig;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Provisions a fleet's cameras into its flash directory before the fleet process starts, so that the
 * connection time the benchmark measures holds no provisioning. In bulk, through the node's operator
 * API ({@code POST /api/operator/cameras/batch}, a thousand cameras a request).
 */
final class Provisioning {

    private Provisioning() {
    }

    /**
     * Provisions the first {@code count} cameras of {@code flashDir}, in equal consecutive shares, one
     * share per gateway list of {@code orders} (camera 1 onwards the first list, and so on); cameras
     * already there are kept as they are.
     *
     * @param orders the gateway lists the cameras will dial, each with the node they start on first
     * @param api    the node's HTTP base, for bulk provisioning
     */
    static int provision(Path flashDir, int count, List<CameraConfig> orders, URI api, String operatorToken)
            throws IOException {
        int made = 0;
        for (int k = 0; k < orders.size(); k++) {
            int upTo = (int) ((long) count * (k + 1) / orders.size());
            made += Fleet.provisionMissing(flashDir, upTo, CameraModels.builtIn().all(), orders.get(k), api,
                    operatorToken).size();
        }
        return made;
    }
}
