package camcloud.device.uplink;

/**
 * A snapshot of a camera's video uplink, for tests and status.
 *
 * @param unitsRead       access units taken from the ring and numbered
 * @param unitsSkipped    units read before the stream's first keyframe (never numbered, nothing is missing)
 * @param unitsSent       units written to a connection, resends included
 * @param unitsResent     of those, units sent again after a reconnect
 * @param unitsAcked      units the cloud acknowledged as persisted
 * @param unitsDropped    numbered units dropped before an acknowledgement (each is inside a gap)
 * @param gaps            runs of dropped units recorded as {@code MediaGap}s
 * @param bufferBytes     payload bytes now held in the upload buffer
 * @param bufferedUnits   units now held in the upload buffer
 * @param ringLost        frames the ring overwrote before the agent read them
 * @param unitsIdle       units not sent on purpose (events-only recording, no event, nobody watching);
 *                        each is inside an idle gap, none is counted in {@code unitsDropped}
 * @param heldUnits       units now held back as pre-roll (part of {@code bufferedUnits})
 */
public record UplinkStats(long unitsRead, long unitsSkipped, long unitsSent, long unitsResent, long unitsAcked,
                          long unitsDropped, long gaps, long bufferBytes, int bufferedUnits, long ringLost,
                          long unitsIdle, int heldUnits) {
}
