package camcloud.cloud.rollout;

/**
 * Why a camera of a rollout failed, as the API names it. Derived from the camera's update reports
 * ({@code UPDATE_STEP_REFUSED} with its words), from what the cloud refused before telling it, and
 * from what the camera did after its reboot.
 */
public final class FailureReason {

    /** The cloud or the camera refused the offer (key not pinned, downgrade, minimum version…). */
    public static final String REFUSED = "refused";
    /** The bundle could not be downloaded whole, or did not match the signed offer's hash. */
    public static final String DOWNLOAD_ERROR = "download-error";
    /** The bundle was downloaded but did not verify (signature, model, version, parts). */
    public static final String VERIFICATION_FAILED = "verification-failed";
    /** It did not come back on the new version within the rollout's camera timeout. */
    public static final String TIMEOUT = "timeout";
    /** It rebooted and came back on another version (its new kernel did not boot, say). */
    public static final String OLD_VERSION = "old-version";
    /** It came back on the new version but recorded no video through the settle time. */
    public static final String NO_VIDEO = "no-video";

    private FailureReason() {
    }

    /**
     * The reason of an {@code UPDATE_STEP_REFUSED} report, from the camera's words: its offer check
     * says "offer refused", its download "download…"/"SHA-256"/"bundle URL"/"bundle size", and
     * everything else is the bundle's verification.
     */
    static String ofRefusal(String error) {
        String e = error == null ? "" : error;
        if (e.startsWith("offer refused")) {
            return REFUSED;
        }
        if (e.contains("download") || e.contains("SHA-256") || e.contains("bundle URL") || e.contains("bundle size")) {
            return DOWNLOAD_ERROR;
        }
        return VERIFICATION_FAILED;
    }
}
