package camcloud.cloud.device;

/**
 * A registered camera as the database knows it. Live state (online, last heartbeat) is in
 * {@link Presence}, not here.
 *
 * @param ownerId null while nobody has claimed the camera
 */
public record Device(
        long id,
        String serial,
        String mac,
        String model,
        byte[] publicKey,
        byte[] certificate,
        long registeredAt,
        Long ownerId,
        String name,
        Long claimedAt,
        String firmwareVersion,
        Long lastSeenAt,
        String lastAddress) {

    public boolean claimed() {
        return ownerId != null;
    }
}
