package camcloud.cloud.firmware;

import camcloud.firmware.bundle.FirmwareVersion;
import java.util.List;
import java.util.Optional;

/**
 * What a camera would say about a target version, decided before it downloads a byte: the cloud
 * refuses, with the reason, a target the camera would refuse after fetching several megabytes.
 * The camera's own rules (its updater checks the same and more) are:
 * <ul>
 *   <li>the bundle must be signed by a publishing key pinned in its {@code tech} partition at
 *       provisioning — which this cloud recorded then ({@code firmware_pinned_keys});</li>
 *   <li>the version must be newer than the one it runs (a downgrade is refused; the same version
 *       number is "already installed", so a different text with the same number never installs);</li>
 *   <li>it must run at least the bundle's minimum version.</li>
 * </ul>
 * What the cloud cannot know it lets through with a warning: the keys of a camera provisioned before
 * the cloud recorded them. A camera that never reported a version, or reported one that does not
 * parse, gets no version check here (the camera still makes it).
 */
final class TargetCheck {

    private TargetCheck() {
    }

    /**
     * @param bundle         the bundle of the camera's model at the target version, if published
     * @param published      every bundle of the camera's model, newest first (named when {@code bundle} is missing)
     * @param pinnedKeyIds   the key ids the camera pinned; empty when not recorded
     * @param runningVersion what the camera last said it runs; null when it never said
     * @return warnings for the operator (empty when nothing is in doubt)
     * @throws TargetRefusedException naming what the camera would refuse
     */
    static List<String> check(String serial, String model, String version, Optional<PublishedBundle> bundle,
                              List<PublishedBundle> published, Optional<List<String>> pinnedKeyIds,
                              String runningVersion) {
        if (bundle.isEmpty()) {
            throw new TargetRefusedException("no bundle of version " + version + " is published for model " + model
                    + " (camera " + serial + "'s model); " + (published.isEmpty() ? "none is published for it yet"
                    : "published for it: " + String.join(", ", published.stream().map(PublishedBundle::version)
                    .toList())));
        }
        PublishedBundle b = bundle.get();
        String name = "bundle " + b.model() + " " + b.version();
        checkVersion(serial, name, b, runningVersion);
        if (pinnedKeyIds.isEmpty()) {
            return List.of("the publishing keys camera " + serial + " pinned at provisioning are unknown (it was "
                    + "provisioned before this cloud recorded them): if " + name + "'s key " + b.keyId()
                    + " is not among them, the camera refuses the update and firmware status shows it");
        }
        List<String> pinned = pinnedKeyIds.get();
        if (pinned.isEmpty()) {
            throw new TargetRefusedException("camera " + serial + " pinned no publishing key at provisioning (this "
                    + "cloud trusted none then): it accepts no firmware update");
        }
        if (!pinned.contains(b.keyId())) {
            throw new TargetRefusedException("camera " + serial + " pinned keys " + pinned + " at provisioning; "
                    + name + " is signed by key " + b.keyId() + ": the camera would refuse it");
        }
        return List.of();
    }

    private static void checkVersion(String serial, String name, PublishedBundle b, String runningVersion) {
        Optional<FirmwareVersion> running = runningVersion == null ? Optional.empty()
                : FirmwareService.parseVersion(runningVersion);
        if (running.isEmpty()) {
            return;
        }
        long runs = running.get().number();
        if (b.versionNumber() < runs) {
            throw new TargetRefusedException("camera " + serial + " runs " + running.get().text() + "; " + b.version()
                    + " is older and cameras refuse a downgrade");
        }
        if (b.versionNumber() == runs && !b.version().equals(running.get().text())) {
            throw new TargetRefusedException("camera " + serial + " runs " + running.get().text() + ", which has the "
                    + "same version number as " + b.version() + " (" + runs + "): the camera counts it as installed "
                    + "and would never install " + b.version());
        }
        if (b.versionNumber() > runs && runs < b.minVersionNumber()) {
            throw new TargetRefusedException(name + " installs only over "
                    + FirmwareVersion.ofNumber(b.minVersionNumber()).text()
                    + " or later (its minimum version); camera " + serial + " runs " + running.get().text()
                    + ": target a version in between first");
        }
    }
}
