package camcloud.cloud.firmware;

import camcloud.cloud.db.Database;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.storage.ObjectStore;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.UpdateProgress;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's update service: the {@link FirmwareRepository}, each camera's target version (set by
 * an operator, refused by {@link TargetCheck} when the camera would refuse it — which needs the
 * publishing keys each camera pinned at provisioning, recorded here), and the answer to a camera's
 * {@code FirmwareCheck}: a signed {@link FirmwareOffer} for the target — or, for a camera in
 * recovery mode without a target, the newest bundle of its model — with an unguessable download
 * link that expires with the offer. Progress reports are kept per camera (last step) and logged;
 * {@link UpdateState} derives from them where an update stands.
 */
public final class FirmwareService {

    private static final Logger log = LoggerFactory.getLogger(FirmwareService.class);
    /** How long an offer and its download link stay valid. */
    public static final Duration OFFER_LIFETIME = Duration.ofHours(1);

    private final FirmwareRepository repository;
    private final OfferSigner signer;
    private final Supplier<String> downloadBase;
    private final Clock clock;
    private final List<Consumer<String>> targetListeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> relay = serial -> { };

    /**
     * @param downloadBase the HTTP(S) base URL cameras reach this node's API at ({@code http://host:port})
     */
    public FirmwareService(FirmwareRepository repository, OfferSigner signer, Supplier<String> downloadBase, Clock clock) {
        this.repository = repository;
        this.signer = signer;
        this.downloadBase = downloadBase;
        this.clock = clock;
    }

    /** The service of a node whose data directory is {@code dataDir}: keys and bundles under {@code DATA/firmware}. */
    public static FirmwareService open(Path dataDir, Database db, Supplier<String> downloadBase) throws IOException {
        return open(dataDir, new LocalObjectStore(dataDir.resolve("firmware").resolve("bundles")), db, downloadBase);
    }

    /**
     * The service of a node whose data directory is {@code dataDir} and whose bundle files are in
     * {@code bundles}: the offer key and trusted publishing keys under {@code DATA/firmware}.
     */
    public static FirmwareService open(Path dataDir, ObjectStore bundles, Database db, Supplier<String> downloadBase)
            throws IOException {
        Path dir = dataDir.resolve("firmware");
        Clock clock = Clock.systemUTC();
        return new FirmwareService(new FirmwareRepository(dir, bundles, db, CameraModels.builtIn(), clock),
                OfferSigner.loadOrCreate(dir), downloadBase, clock);
    }

    public FirmwareRepository repository() {
        return repository;
    }

    public OfferSigner signer() {
        return signer;
    }

    /**
     * Sets the version {@code serial} should run, unless the camera would refuse it (see {@link
     * TargetCheck}: published for its model, signed by a key it pinned, no downgrade, its minimum
     * version met). Then tells every {@link #onTargetSet} listener (the gateway pushes an offer to
     * the camera if it is online here) and the other nodes ({@link #relayTargets}), whose listeners
     * hear it through {@link #targetSetElsewhere}.
     *
     * @param runningVersion the version the camera runs (its last Hello); null when unknown
     * @return warnings for the operator (empty when nothing is in doubt)
     * @throws TargetRefusedException with the reason, and nothing changed
     */
    public List<String> setTarget(String serial, String model, String runningVersion, String version) {
        List<String> warnings = TargetCheck.check(serial, model, version, repository.find(model, version),
                repository.list(model), pinnedKeys(serial), runningVersion);
        for (String warning : warnings) {
            log.warn("camera {} target {}: {}", serial, version, warning);
        }
        repository.store().setTarget(serial, version, clock.millis());
        targetSetElsewhere(serial);
        try {
            relay.accept(serial);
        } catch (RuntimeException e) {
            log.warn("camera {}: telling the other nodes of its new target {} failed: {}", serial, version,
                    e.toString());
        }
        return warnings;
    }

    /**
     * A target was set (and stored) on another node: this node's {@link #onTargetSet} listeners hear of
     * it (the camera's session here, if any, is offered the update).
     */
    public void targetSetElsewhere(String serial) {
        for (Consumer<String> listener : targetListeners) {
            try {
                listener.accept(serial);
            } catch (RuntimeException e) {
                log.warn("camera {}: telling of its new target failed: {}", serial, e.toString());
            }
        }
    }

    /**
     * Tells {@code toOtherNodes} of every target set on this node (the cluster carries it to the node
     * that holds the camera: see {@link #targetSetElsewhere}). Must not block.
     */
    public void relayTargets(Consumer<String> toOtherNodes) {
        this.relay = toOtherNodes;
    }

    /** {@link #setTarget(String, String, String, String)} for a camera whose running version is not known here. */
    public List<String> setTarget(String serial, String model, String version) {
        return setTarget(serial, model, null, version);
    }

    /**
     * Calls {@code listener} with the camera's serial after each {@link #setTarget} (on the caller's
     * thread: it must not block); clearing a target calls nothing.
     *
     * @return what unregisters the listener
     */
    public Runnable onTargetSet(Consumer<String> listener) {
        targetListeners.add(listener);
        return () -> targetListeners.remove(listener);
    }

    public void clearTarget(String serial) {
        repository.store().clearTarget(serial);
    }

    public Optional<String> target(String serial) {
        return cameraTarget(serial).map(CameraTarget::version);
    }

    /** The camera's target and when it was set. */
    public Optional<CameraTarget> cameraTarget(String serial) {
        return repository.store().target(serial);
    }

    /**
     * Records the publishing keys the factory pins into {@code serial}'s {@code tech} partition, so
     * that a target it would refuse is refused here first. Call once the camera is registered.
     */
    public void recordPinnedKeys(String serial, List<TrustedKey> keys) {
        recordPinnedKeys(List.of(serial), keys);
    }

    /** {@link #recordPinnedKeys(String, List)} for a factory batch pinned with the same keys, in one transaction. */
    public void recordPinnedKeys(java.util.Collection<String> serials, List<TrustedKey> keys) {
        repository.store().putPinnedKeys(serials, keys.stream().map(TrustedKey::keyId).sorted().toList(),
                clock.millis());
    }

    /** The key ids {@code serial} pinned at provisioning, sorted; empty when provisioned before they were recorded. */
    public Optional<List<String>> pinnedKeys(String serial) {
        return repository.store().pinnedKeys(serial);
    }

    /** The last update step {@code serial} reported, for any version. */
    public Optional<CameraUpdateProgress> progress(String serial) {
        return repository.store().progress(serial);
    }

    /**
     * The answer to a camera's check: an offer with an empty version when there is nothing for it.
     * Runs database work: call it off the event loop.
     */
    public FirmwareOffer answer(String serial, String model, FirmwareCheck check) {
        Optional<PublishedBundle> bundle = target(serial).flatMap(v -> repository.find(model, v));
        if (bundle.isEmpty() && check.getRecovering()) {
            bundle = repository.latest(model);
        }
        if (bundle.isEmpty()) {
            return FirmwareOffer.getDefaultInstance();
        }
        PublishedBundle b = bundle.get();
        long now = clock.millis();
        long expires = now + OFFER_LIFETIME.toMillis();
        String url = downloadBase.get() + "/api/firmware/download/" + enc(b.model()) + "/" + enc(b.version())
                + "?serial=" + enc(serial) + "&expires=" + expires + "&token="
                + signer.linkToken(serial, b.model(), b.version(), expires);
        return signer.sign(FirmwareOffer.newBuilder()
                .setSerial(serial)
                .setModel(b.model())
                .setVersion(b.version())
                .setVersionNumber(b.versionNumber())
                .setBundleUrl(url)
                .setBundleSha256(ByteString.copyFrom(HexFormat.of().parseHex(b.sha256())))
                .setBundleSize(b.size())
                .setIssuedAtMs(now)
                .setExpiresAtMs(expires)
                .build());
    }

    /**
     * The offer a camera in normal mode gets unasked (right after its Welcome, or when an operator sets
     * its target while it is online): signed, for its target. Empty when it has no target, already
     * runs it, announced a version that does not parse (camera text is untrusted), or its target is
     * not published for its model. Runs database work: call it off the event loop.
     */
    public Optional<FirmwareOffer> unaskedOffer(String serial, String model, String runningVersion) {
        Optional<String> target = target(serial);
        if (target.isEmpty() || target.get().equals(runningVersion)) {
            return Optional.empty();
        }
        Optional<FirmwareVersion> running = parseVersion(runningVersion);
        if (running.isEmpty()) {
            log.info("camera {} runs firmware '{}', which is not a version: no offer for target {}", serial,
                    printable(runningVersion), target.get());
            return Optional.empty();
        }
        FirmwareOffer offer = answer(serial, model, FirmwareCheck.newBuilder()
                .setRunningVersion(running.get().text())
                .setRunningVersionNumber(running.get().number())
                .setRecovering(false)
                .build());
        return offer.getVersion().isEmpty() ? Optional.empty() : Optional.of(offer);
    }

    /** Records a camera's update step. Runs database work: call it off the event loop. */
    public void progress(String serial, UpdateProgress p) {
        String error = p.getError().length() > 500 ? p.getError().substring(0, 500) : p.getError();
        String version = p.getVersion().length() > 64 ? p.getVersion().substring(0, 64) : p.getVersion();
        repository.store().putProgress(new CameraUpdateProgress(serial, version, p.getStep().name(),
                p.getBytesDone(), p.getBytesTotal(), error, clock.millis()));
        if (error.isEmpty()) {
            log.info("camera {} update to {}: {}", serial, version, p.getStep());
        } else {
            log.warn("camera {} update to {}: {}: {}", serial, version, p.getStep(), error);
        }
    }

    /**
     * The bundle a download link grants, if the link is genuine and not expired.
     */
    public Optional<PublishedBundle> download(String model, String version, String serial, long expiresAtMs,
                                              String token) {
        if (clock.millis() >= expiresAtMs || !signer.linkValid(serial, model, version, expiresAtMs, token)) {
            return Optional.empty();
        }
        return repository.find(model, version);
    }

    /** Whether {@code text} parses as a version; false instead of an exception. */
    static boolean isVersion(String text) {
        return parseVersion(text).isPresent();
    }

    /** {@code text} as a version; empty instead of an exception. */
    static Optional<FirmwareVersion> parseVersion(String text) {
        try {
            return Optional.of(FirmwareVersion.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Camera-supplied text in logs: bounded and without control characters. */
    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
