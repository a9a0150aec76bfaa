package camcloud.device.updater;

import camcloud.firmware.bundle.TrustedKey;
import camcloud.protocol.FirmwareOfferText;
import camcloud.protocol.v1.FirmwareOffer;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a {@link FirmwareOffer} from the cloud may start an update: signed by a trusted
 * offer key, addressed to this camera's serial and model, not expired (and not issued in the far
 * future), and for a version the camera may move to — strictly newer in normal mode; in recovery
 * mode at least the version of the kernel that booted (recovery finishes an update to that version
 * or a newer one, never goes back). Expiry is what defeats a replayed old offer (the freeze attack):
 * an old offer dies within its lifetime, and the version rule keeps even a fresh one from going
 * backwards.
 */
public final class OfferCheck {

    /** Clock skew tolerated on issued_at. */
    private static final long MAX_SKEW_MS = 10 * 60 * 1000;

    private OfferCheck() {
    }

    /**
     * @return empty when the offer says "nothing to install" (no version)
     * @throws UpdateException refused, with the reason
     */
    public static Optional<FirmwareOffer> check(FirmwareOffer offer, UpdateTrust trust, String serial, String model,
                                                long runningVersionNumber, boolean recovering, Clock clock)
            throws UpdateException {
        if (offer.getVersion().isEmpty()) {
            return Optional.empty();
        }
        TrustedKey key = trust.offerKeys().find(offer.getKeyId()).orElseThrow(() -> UpdateException.refused(
                "offer signed by unknown key '" + offer.getKeyId() + "'"));
        if (!key.verifies(FirmwareOfferText.signedBytes(offer), offer.getSignature().toByteArray())) {
            throw UpdateException.refused("offer signature does not verify with key " + offer.getKeyId());
        }
        long now = clock.millis();
        if (now >= offer.getExpiresAtMs()) {
            throw UpdateException.refused("offer for " + offer.getVersion() + " expired "
                    + (now - offer.getExpiresAtMs()) / 1000 + " s ago (a replayed offer?)");
        }
        if (offer.getIssuedAtMs() > now + MAX_SKEW_MS) {
            throw UpdateException.refused("offer issued in the future");
        }
        if (!offer.getSerial().equals(serial)) {
            throw UpdateException.refused("offer is for camera " + offer.getSerial() + ", not " + serial);
        }
        if (!offer.getModel().equals(model)) {
            throw UpdateException.refused("offer is for model " + offer.getModel() + ", not " + model);
        }
        long target = offer.getVersionNumber();
        if (recovering ? target < runningVersionNumber : target <= runningVersionNumber) {
            if (!recovering && target == runningVersionNumber) {
                return Optional.empty(); // already there
            }
            throw UpdateException.refused("offer for " + offer.getVersion() + " (" + target + ") would go back from "
                    + runningVersionNumber + ": downgrade refused");
        }
        if (!offer.getBundleUrl().startsWith("http://") && !offer.getBundleUrl().startsWith("https://")) {
            throw UpdateException.refused("offer's bundle URL is not http(s)");
        }
        if (offer.getBundleSha256().size() != 32 || offer.getBundleSize() <= 0) {
            throw UpdateException.refused("offer names no bundle hash or size");
        }
        return Optional.of(offer);
    }
}
