package camcloud.protocol;

/** Protocol versions. A side speaks the highest version both announced in Hello/Welcome. */
public final class ProtocolVersion {

    /** The version this build speaks. */
    public static final int CURRENT = 1;
    /** The oldest version this build still accepts from a peer. */
    public static final int OLDEST_SUPPORTED = 1;

    private ProtocolVersion() {
    }

    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= 0xFFFF;
    }
}
