package camcloud.device.agent;

import camcloud.protocol.v1.FirmwareOffer;

/**
 * Where the agent hands a firmware offer the cloud pushed to it (right after Welcome, or when an
 * operator sets a new target while the camera is online): to the camera's system software, which
 * checks it and runs the update. An agent with a handler announces {@value #CAPABILITY}.
 *
 * <p>Called on the agent's event loop: return at once and run the update on another thread.
 */
@FunctionalInterface
public interface FirmwareOffers {

    /** The capability both sides announce for firmware offers and update progress. */
    String CAPABILITY = "firmware.v1";

    void offered(FirmwareOffer offer);
}
