package camcloud.device.system;

import camcloud.device.agent.AgentTls;
import camcloud.device.boot.BootResult;
import camcloud.device.boot.UBoot;
import camcloud.device.flash.PowerCut;
import camcloud.device.flash.PowerCutException;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.updater.AppSeal;
import camcloud.device.updater.BundleDownload;
import camcloud.device.updater.OfferCheck;
import camcloud.device.updater.UpdateException;
import camcloud.device.updater.UpdateTrust;
import camcloud.device.updater.Updater;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.image.StandInFault;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.LedState;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.UpdateStep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The system software in the camera's rootfs (the article's "LEDs, network, firmware update and
 * recovery"). A power-on runs U-Boot over the flash; when a kernel starts:
 *
 * <ul>
 *   <li><b>normal mode</b> — main kernel, and the app partition is whole for this version
 *       ({@link AppSeal}): start the app ({@link NormalMode}), then ask the cloud whether to update;
 *       an accepted offer is installed and the camera reboots;</li>
 *   <li><b>recovery mode</b> — {@code bkp=1} on the command line, or the app partition is not whole:
 *       connect with the camera's identity, ask for the firmware of this model, install it (the same
 *       version as the running kernel is accepted: that finishes an interrupted update), reboot.</li>
 * </ul>
 *
 * The LED ({@link #led()}) shows booting, connecting, online, updating, recovering or error.
 * A {@link PowerCut} armed on the chip ends the run wherever it falls.
 */
public final class CameraSystem {

    /** Reboots in one power-on before the system gives up (an update reboots once, recovery once more). */
    private static final int MAX_BOOTS = 4;

    /** Opens the system's session with the cloud. */
    public interface Connector {
        FirmwareCloud connect(CameraIdentity identity, CameraConfig config, String runningVersion) throws IOException;
    }

    private final Path flashFile;
    private final CameraModels models;
    private final UpdateTrust trust;
    private final Connector connector;
    private final BundleDownload download;
    private final NormalMode normalMode;
    private final Clock clock;
    private volatile LedState led = LedState.LED_STATE_UNSPECIFIED;
    private boolean syncFlash = true;
    private boolean askInNormalMode = true;

    /**
     * @param trust the keys to accept offers and bundles from; null for the keys the factory pinned
     *              in the camera's {@code tech} partition (what a real camera uses)
     */
    public CameraSystem(Path flashFile, CameraModels models, UpdateTrust trust, Connector connector,
                        BundleDownload download, NormalMode normalMode, Clock clock) {
        this.flashFile = flashFile;
        this.models = models;
        this.trust = trust;
        this.connector = connector;
        this.download = download;
        this.normalMode = normalMode;
        this.clock = clock;
    }

    /**
     * Whether normal mode, too, asks the cloud for an update over the system's own session (the
     * default, for a system without an agent). A camera whose cloud agent receives offers turns it
     * off: the agent's session brings offers, and {@link #install} runs them.
     */
    public CameraSystem askInNormalMode(boolean ask) {
        this.askInNormalMode = ask;
        return this;
    }

    /**
     * The system software of a camera as it ships: it trusts the keys the factory pinned in
     * {@code tech}, asks the cloud over a gateway session with the camera's identity, and downloads
     * bundles over HTTPS with the same identity (platform CA pinned, device certificate presented).
     *
     * @param identity the identity in the flash file's {@code tech} partition
     */
    public static CameraSystem ofCamera(Path flashFile, CameraIdentity identity, Duration cloudTimeout,
                                        Duration downloadStall, int downloadAttempts) {
        return new CameraSystem(flashFile, CameraModels.builtIn(), null,
                (id, config, version) -> GatewayFirmwareCloud.connect(id, config, version, cloudTimeout),
                new BundleDownload(AgentTls.socketFactory(identity), downloadStall, downloadAttempts),
                NormalMode.NONE, Clock.systemUTC());
    }

    /** See {@link camcloud.device.flash.FlashChip#syncEachOperation}: tests with thousands of cuts turn it off. */
    public CameraSystem syncFlash(boolean sync) {
        this.syncFlash = sync;
        return this;
    }

    /** The LED state, as the camera shows it (and reports in its status). */
    public LedState led() {
        return led;
    }

    /** Powers on with no power cut. */
    public SystemRun powerOn() throws IOException {
        return powerOn(null);
    }

    /** Powers on; {@code cut} (may be null) is armed on the flash for the whole run, reboots included. */
    public SystemRun powerOn(PowerCut cut) throws IOException {
        long started = System.nanoTime();
        List<String> log = new ArrayList<>() {
            @Override
            public boolean add(String line) {
                return super.add(String.format("%6d ms  %s", (System.nanoTime() - started) / 1_000_000, line));
            }
        };
        int boots = 0;
        String version = null;
        try {
            while (boots < MAX_BOOTS) {
                boots++;
                try (CameraFlash flash = CameraFlash.open(flashFile, models)) {
                    flash.chip().syncEachOperation(syncFlash);
                    flash.chip().arm(cut);
                    led = LedState.LED_STATE_BOOTING;
                    BootResult boot = UBoot.powerOn(flash.chip(), flash.model());
                    if (!boot.booted()) {
                        led = LedState.LED_STATE_ERROR;
                        log.add("boot failed: " + boot.outcome() + " — " + String.join(" | ", tail(boot.console())));
                        return new SystemRun(SystemRun.Outcome.BRICK, null, boots, log);
                    }
                    version = boot.kernelVersion();
                    boolean appWhole = AppSeal.valid(flash.chip(), flash.model(), version);
                    boolean recovering = boot.backup() || !appWhole;
                    if (boot.fault() != StandInFault.NONE) {
                        log.add("stand-in build with fault=" + boot.fault().text() + " (a bad build injected for tests)");
                    }
                    log.add("booted " + version + (boot.backup() ? " from the backup kernel" : "")
                            + (appWhole ? "" : ", app partition not whole") + ": "
                            + (recovering ? "recovery mode" : "normal mode") + " (bootargs " + boot.bootArgs() + ")");
                    if (!recovering) {
                        normalMode.start(flash, version);
                    }
                    led = recovering ? LedState.LED_STATE_RECOVERING : LedState.LED_STATE_CONNECTING;
                    if (!recovering && !askInNormalMode) {
                        return new SystemRun(SystemRun.Outcome.NORMAL, version, boots, log, boot.fault());
                    }
                    Step step = updateStep(flash, version, recovering, log);
                    if (step == Step.STAY) {
                        led = recovering ? LedState.LED_STATE_ERROR : LedState.LED_STATE_ONLINE;
                        return new SystemRun(recovering ? SystemRun.Outcome.RECOVERY_PENDING : SystemRun.Outcome.NORMAL,
                                version, boots, log, boot.fault());
                    }
                    log.add("rebooting");
                }
            }
            led = LedState.LED_STATE_ERROR;
            log.add("gave up after " + MAX_BOOTS + " boots");
            return new SystemRun(SystemRun.Outcome.RECOVERY_PENDING, version, boots, log);
        } catch (PowerCutException e) {
            led = LedState.LED_STATE_UNSPECIFIED;
            log.add(e.getMessage());
            return new SystemRun(SystemRun.Outcome.POWER_CUT, version, boots, log);
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("system software failed: " + e, e);
        }
    }

    private enum Step { STAY, REBOOT }

    /** Asks the cloud and installs what it offers; REBOOT when new firmware was written. */
    private Step updateStep(CameraFlash flash, String version, boolean recovering, List<String> log) {
        CameraConfig config;
        try {
            Optional<CameraConfig> c = flash.config();
            if (c.isEmpty()) {
                log.add("no cloud address in config: cannot ask for firmware");
                return Step.STAY;
            }
            config = c.get();
        } catch (IOException e) {
            log.add("cannot read config: " + e.getMessage());
            return Step.STAY;
        }
        long running = FirmwareVersion.parse(version).number();
        try (FirmwareCloud cloud = connector.connect(flash.identity(), config, version)) {
            log.add("connected");
            cloud.led(led);
            FirmwareOffer offer = cloud.check(FirmwareCheck.newBuilder().setRunningVersion(version)
                    .setRunningVersionNumber(running).setRecovering(recovering).build());
            if (offer.getVersion().isEmpty()) {
                log.add(recovering ? "recovery: the cloud offers nothing to install" : "up to date");
                if (!recovering) {
                    led = LedState.LED_STATE_ONLINE;
                    cloud.led(led);
                }
                return Step.STAY;
            }
            Updater.Reporter reporter = p -> {
                log.add("step " + p.getStep());
                cloud.report(p);
            };
            try {
                if (!install(flash, version, recovering, offer, reporter, cloud::led)) {
                    log.add("up to date");
                    return Step.STAY;
                }
            } catch (UpdateException e) {
                log.add((e.refused() ? "update refused: " : "update failed: ") + e.getMessage());
                return e.refused() ? Step.STAY : Step.REBOOT;
            }
            log.add("installed " + offer.getVersion());
            return Step.REBOOT;
        } catch (IOException e) {
            log.add("cloud unreachable: " + e.getMessage());
            return Step.STAY;
        }
    }

    /**
     * Checks an offer and, when it names a version this camera may move to, installs it: the one
     * update path, whether the system software asked for the offer (recovery mode) or the app's
     * agent received it (normal mode). A refused offer is reported as {@code REFUSED}.
     *
     * @param runningVersion the version of the kernel that booted
     * @param ledReport      where the LED change to updating or recovering goes (the cloud session)
     * @return true when new firmware was written (the caller reboots); false when the offer names
     *         the version already running
     * @throws UpdateException refused (the flash untouched) or failed while writing (reboot to recover)
     */
    public boolean install(CameraFlash flash, String runningVersion, boolean recovering, FirmwareOffer offer,
                           Updater.Reporter reporter, Consumer<LedState> ledReport) throws UpdateException {
        long running = FirmwareVersion.parse(runningVersion).number();
        Optional<FirmwareOffer> accepted;
        UpdateTrust keys;
        try {
            CameraIdentity identity = flash.identity();
            keys = trust(flash);
            accepted = OfferCheck.check(offer, keys, identity.serial(), identity.model(), running, recovering, clock);
        } catch (UpdateException e) {
            reporter.report(UpdateProgress.newBuilder().setVersion(offer.getVersion())
                    .setStep(UpdateStep.UPDATE_STEP_REFUSED).setError("offer refused: " + e.getMessage()).build());
            throw e;
        } catch (IOException e) {
            throw UpdateException.refused("cannot read the camera's identity or keys: " + e.getMessage(), e);
        }
        if (accepted.isEmpty()) {
            return false;
        }
        led = recovering ? LedState.LED_STATE_RECOVERING : LedState.LED_STATE_UPDATING;
        ledReport.accept(led);
        new Updater(flash.chip(), flash.model(), keys, download, reporter).install(accepted.get(), running, recovering);
        return true;
    }

    /** The keys given at construction, or else those the factory pinned in {@code tech}. */
    private UpdateTrust trust(CameraFlash flash) throws IOException {
        return trust != null ? trust : flash.updateTrust();
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 4), lines.size());
    }
}
