package camcloud.device.updater;

import camcloud.device.flash.FlashChip;
import camcloud.firmware.model.CameraModel;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.UpdateStep;

/**
 * One update, start to reboot: download the bundle an accepted {@link FirmwareOffer} names
 * (resumable), verify all of it ({@link VerifiedFirmware}), refuse a bundle whose version is not
 * the offer's, then write it ({@link FirmwareWriter}) — reporting each step to the cloud. The
 * caller reboots afterwards. A refusal leaves the flash untouched.
 */
public final class Updater {

    /** Where progress goes (the cloud session); must not throw. */
    public interface Reporter {
        void report(UpdateProgress progress);
    }

    private final FlashChip chip;
    private final CameraModel model;
    private final UpdateTrust trust;
    private final BundleDownload download;
    private final Reporter reporter;

    public Updater(FlashChip chip, CameraModel model, UpdateTrust trust, BundleDownload download, Reporter reporter) {
        this.chip = chip;
        this.model = model;
        this.trust = trust;
        this.download = download;
        this.reporter = reporter;
    }

    /**
     * @param offer an offer {@link OfferCheck} accepted
     * @throws UpdateException refused (flash untouched) or write-failed (reboot into recovery)
     */
    public void install(FirmwareOffer offer, long runningVersionNumber, boolean recovering) throws UpdateException {
        String version = offer.getVersion();
        try {
            report(version, UpdateStep.UPDATE_STEP_DOWNLOADING, 0, offer.getBundleSize(), "");
            byte[] bundle = download.fetch(offer.getBundleUrl(), offer.getBundleSize(),
                    offer.getBundleSha256().toByteArray(), (received, total, attempt) -> { });
            VerifiedFirmware firmware = VerifiedFirmware.verify(bundle, trust.bundleKeys(), model,
                    runningVersionNumber, recovering);
            if (firmware.manifest().version().number() != offer.getVersionNumber()
                    || !firmware.manifest().version().text().equals(version)) {
                throw UpdateException.refused("bundle is version " + firmware.manifest().version().text()
                        + ", the offer said " + version);
            }
            report(version, UpdateStep.UPDATE_STEP_VERIFIED, bundle.length, bundle.length, "");
            UpdateStep[] last = {UpdateStep.UPDATE_STEP_VERIFIED};
            new FirmwareWriter(chip, model, (step, done, total) -> {
                if (step != last[0]) {
                    last[0] = step;
                    report(version, step, done, total, "");
                }
            }).install(version, firmware.kernel(), firmware.app());
            report(version, UpdateStep.UPDATE_STEP_REBOOTING, 0, 0, "");
        } catch (UpdateException e) {
            report(version, e.refused() ? UpdateStep.UPDATE_STEP_REFUSED : UpdateStep.UPDATE_STEP_FAILED, 0, 0,
                    e.getMessage());
            throw e;
        }
    }

    private void report(String version, UpdateStep step, long done, long total, String error) {
        reporter.report(UpdateProgress.newBuilder().setVersion(version).setStep(step).setBytesDone(done)
                .setBytesTotal(total).setError(error.length() > 500 ? error.substring(0, 500) : error).build());
    }
}
