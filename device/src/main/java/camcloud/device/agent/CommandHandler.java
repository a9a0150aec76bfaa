package camcloud.device.agent;

import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;

/**
 * What the camera does with a command from the cloud. Called on the agent's event loop: return
 * quickly, and hand slow work (writing flash) to another thread if it takes long.
 */
@FunctionalInterface
public interface CommandHandler {

    /** Carries out {@code command}; the returned ack's id is filled in by the agent. */
    CommandAck handle(Command command);
}
