package camcloud.device.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.boot.BootResult;
import camcloud.device.boot.UBoot;
import camcloud.device.flash.FlashChip;
import camcloud.device.provision.FactoryImage;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.UpdateStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updater end to end against a local HTTP server: a good update boots the new version; every
 * kind of bad input is refused or retried before the flash is touched (flash file compared byte
 * for byte).
 */
class UpdaterTest {

    static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();
    static final String SERIAL = "CC-TEST000001";
    static SigningKey bundleKey;
    static SigningKey offerKey;
    static byte[] bundle;

    @TempDir
    Path dir;
    Path flashFile;
    final List<UpdateProgress> reports = new ArrayList<>();

    @BeforeAll
    static void keys() {
        bundleKey = SigningKey.generate();
        offerKey = SigningKey.generate();
        bundle = TestFirmware.bundle(MODEL, "1.0.0", bundleKey);
    }

    @BeforeEach
    void factoryFlash() throws Exception {
        flashFile = dir.resolve("cam.flash");
        byte[] image = FactoryImage.forModel(MODEL).clone();
        fill(image, "tech", 0x11);
        fill(image, "config", 0x22);
        Files.write(flashFile, image);
    }

    static void fill(byte[] image, String partition, int value) {
        var p = MODEL.layout().partition(partition);
        for (int i = 0; i < 4096; i++) {
            image[(int) p.offset() + i] = (byte) (value + i);
        }
    }

    UpdateTrust trust() {
        return new UpdateTrust(TrustStore.of(bundleKey.trustedKey()), TrustStore.of(offerKey.trustedKey()));
    }

    Updater updater(FlashChip chip) {
        return new Updater(chip, MODEL, trust(), new BundleDownload(null, Duration.ofMillis(500), 4), reports::add);
    }

    FirmwareOffer offer(String url, byte[] b) {
        long now = System.currentTimeMillis();
        return TestFirmware.offer(offerKey, SERIAL, MODEL.id(), "1.0.0", url, b, now, now + 60_000);
    }

    @Test
    void goodUpdateBootsTheNewVersionWithAWholeAppAndLeavesTechAndConfigAlone() throws Exception {
        byte[] before = Files.readAllBytes(flashFile);
        try (BundleServer server = new BundleServer(bundle, BundleServer.Fault.NONE, 0, 0);
             FlashChip chip = FlashChip.open(flashFile, MODEL.eraseBlockSize())) {
            updater(chip).install(offer(server.url(), bundle), 1_000, false);
            BootResult boot = UBoot.powerOn(chip, MODEL);
            assertThat(boot.booted()).isTrue();
            assertThat(boot.backup()).isFalse();
            assertThat(boot.kernelVersion()).isEqualTo("1.0.0");
            assertThat(AppSeal.valid(chip, MODEL, "1.0.0")).isTrue();
        }
        byte[] after = Files.readAllBytes(flashFile);
        for (String p : List.of("boot", "tech", "config")) {
            var part = MODEL.layout().partition(p);
            assertThat(java.util.Arrays.copyOfRange(after, (int) part.offset(), (int) part.end())).as(p)
                    .isEqualTo(java.util.Arrays.copyOfRange(before, (int) part.offset(), (int) part.end()));
        }
        assertThat(reports).extracting(UpdateProgress::getStep).containsSubsequence(
                UpdateStep.UPDATE_STEP_DOWNLOADING, UpdateStep.UPDATE_STEP_VERIFIED,
                UpdateStep.UPDATE_STEP_WRITING_BACKUP_KERNEL, UpdateStep.UPDATE_STEP_WRITING_KERNEL,
                UpdateStep.UPDATE_STEP_WRITING_APP, UpdateStep.UPDATE_STEP_REBOOTING);
    }

    @Test
    void truncatedDownloadsResumeWithRange() throws Exception {
        try (BundleServer server = new BundleServer(bundle, BundleServer.Fault.TRUNCATE, 2, 1_000_000);
             FlashChip chip = FlashChip.open(flashFile, MODEL.eraseBlockSize())) {
            updater(chip).install(offer(server.url(), bundle), 1_000, false);
            assertThat(server.rangeRequests.get()).isEqualTo(2);
            assertThat(UBoot.powerOn(chip, MODEL).kernelVersion()).isEqualTo("1.0.0");
        }
    }

    @Test
    void stalledDownloadIsDroppedAndResumed() throws Exception {
        try (BundleServer server = new BundleServer(bundle, BundleServer.Fault.STALL, 1, 500_000);
             FlashChip chip = FlashChip.open(flashFile, MODEL.eraseBlockSize())) {
            updater(chip).install(offer(server.url(), bundle), 1_000, false);
            assertThat(server.rangeRequests.get()).isEqualTo(1);
        }
    }

    @Test
    void downloadThatNeverCompletesIsRefusedBeforeTheFlashIsTouched() throws Exception {
        try (BundleServer server = new BundleServer(bundle, BundleServer.Fault.TRUNCATE, 100, 1000)) {
            assertRefusedUntouched(offer(server.url(), bundle), "download incomplete");
        }
    }

    @Test
    void malformedBundleUrlIsRefusedWithAReason() throws Exception {
        assertRefusedUntouched(offer("http://[not a host/bundle", bundle), "bundle URL unusable");
    }

    @Test
    void bundleSignedByAnUntrustedKeyIsRefused() throws Exception {
        byte[] foreign = TestFirmware.bundle(MODEL, "1.0.0", SigningKey.generate());
        try (BundleServer server = new BundleServer(foreign, BundleServer.Fault.NONE, 0, 0)) {
            assertRefusedUntouched(offer(server.url(), foreign), "unknown key");
        }
    }

    @Test
    void anotherModelsBundleIsRefused() throws Exception {
        CameraModel other = CameraModels.builtIn().find("xiaomi-yi-ants").orElseThrow();
        byte[] wrong = TestFirmware.bundle(other, "1.0.0", bundleKey);
        try (BundleServer server = new BundleServer(wrong, BundleServer.Fault.NONE, 0, 0)) {
            assertRefusedUntouched(offer(server.url(), wrong), "is for model xiaomi-yi-ants");
        }
    }

    @Test
    void olderVersionIsRefused() throws Exception {
        byte[] old = TestFirmware.bundle(MODEL, "0.0.9", bundleKey);
        long now = System.currentTimeMillis();
        try (BundleServer server = new BundleServer(old, BundleServer.Fault.NONE, 0, 0)) {
            FirmwareOffer o = TestFirmware.offer(offerKey, SERIAL, MODEL.id(), "0.0.9", server.url(), old, now, now + 60_000);
            // the offer check refuses it first; the bundle check refuses it too if an offer lied
            assertThatThrownBy(() -> OfferCheck.check(o, trust(), SERIAL, MODEL.id(), 1_000, false, Clock.systemUTC()))
                    .hasMessageContaining("downgrade refused");
            assertRefusedUntouched(o, "downgrade refused");
        }
    }

    @Test
    void recoveryRefusesABundleThatCannotInstallOverTheRunningKernel() throws Exception {
        // recovery after a cut before the kernel partition was rewritten runs the old kernel (1_000 = 0.1.0);
        // a bundle that installs only over 0.5.0 or later must be refused there too, before any write
        byte[] needsNewer = TestFirmware.bundle(MODEL, "1.0.0", 500_000, bundleKey);
        try (BundleServer server = new BundleServer(needsNewer, BundleServer.Fault.NONE, 0, 0)) {
            FirmwareOffer o = offer(server.url(), needsNewer);
            byte[] before = Files.readAllBytes(flashFile);
            try (FlashChip chip = FlashChip.open(flashFile, MODEL.eraseBlockSize())) {
                assertThatThrownBy(() -> updater(chip).install(o, 1_000, true))
                        .isInstanceOf(UpdateException.class)
                        .hasMessageContaining("installs only over version number 500000");
            }
            assertThat(Files.readAllBytes(flashFile)).isEqualTo(before);
        }
    }

    @Test
    void bundleThatDoesNotMatchTheOffersHashIsRefused() throws Exception {
        byte[] tampered = bundle.clone();
        tampered[tampered.length - 10] ^= 1;
        try (BundleServer server = new BundleServer(tampered, BundleServer.Fault.NONE, 0, 0)) {
            assertRefusedUntouched(offer(server.url(), bundle), "SHA-256 in the signed offer");
        }
    }

    @Test
    void tamperedChunkIsCaughtByTheSignedChunkHashesEvenWhenTheOfferMatchesIt() throws Exception {
        byte[] tampered = bundle.clone();
        tampered[tampered.length - 10] ^= 1;
        try (BundleServer server = new BundleServer(tampered, BundleServer.Fault.NONE, 0, 0)) {
            assertRefusedUntouched(offer(server.url(), tampered), "bundle refused");
        }
    }

    @Test
    void offersThatAreExpiredForgedOrForAnotherCameraAreRefused() {
        long now = System.currentTimeMillis();
        String url = "http://127.0.0.1:1/bundle";
        FirmwareOffer expired = TestFirmware.offer(offerKey, SERIAL, MODEL.id(), "1.0.0", url, bundle, now - 120_000, now - 60_000);
        assertThatThrownBy(() -> OfferCheck.check(expired, trust(), SERIAL, MODEL.id(), 1_000, false, Clock.systemUTC()))
                .hasMessageContaining("expired");
        FirmwareOffer forged = offer(url, bundle).toBuilder().setVersion("9.9.9").setVersionNumber(9_009_009).build();
        assertThatThrownBy(() -> OfferCheck.check(forged, trust(), SERIAL, MODEL.id(), 1_000, false, Clock.systemUTC()))
                .hasMessageContaining("signature");
        FirmwareOffer untrusted = TestFirmware.offer(SigningKey.generate(), SERIAL, MODEL.id(), "1.0.0", url, bundle, now, now + 60_000);
        assertThatThrownBy(() -> OfferCheck.check(untrusted, trust(), SERIAL, MODEL.id(), 1_000, false, Clock.systemUTC()))
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> OfferCheck.check(offer(url, bundle), trust(), "CC-OTHER", MODEL.id(), 1_000, false,
                Clock.systemUTC())).hasMessageContaining("not CC-OTHER");
    }

    private void assertRefusedUntouched(FirmwareOffer o, String why) throws Exception {
        byte[] before = Files.readAllBytes(flashFile);
        try (FlashChip chip = FlashChip.open(flashFile, MODEL.eraseBlockSize())) {
            assertThatThrownBy(() -> updater(chip).install(o, 1_000, false))
                    .isInstanceOf(UpdateException.class)
                    .hasMessageContaining(why)
                    .matches(e -> ((UpdateException) e).refused());
        }
        assertThat(Files.readAllBytes(flashFile)).isEqualTo(before);
        assertThat(reports).last().extracting(UpdateProgress::getStep).isEqualTo(UpdateStep.UPDATE_STEP_REFUSED);
    }
}
