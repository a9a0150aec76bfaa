package camcloud.device.system;

import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.LedState;
import camcloud.protocol.v1.UpdateProgress;
import java.io.IOException;

/**
 * The system software's own session with the cloud (separate from the cloud agent in the app
 * partition, which may be missing or broken in recovery mode): ask what to run, report progress.
 */
public interface FirmwareCloud extends AutoCloseable {

    /** Asks the cloud what this camera should run; the answer's version is empty when there is nothing. */
    FirmwareOffer check(FirmwareCheck check) throws IOException;

    /** Reports one update step; never throws (a lost report must not stop an update). */
    void report(UpdateProgress progress);

    /** Reports the LED state; never throws. */
    void led(LedState led);

    @Override
    void close();
}
