package camcloud.cloud.provisioning;

import camcloud.firmware.model.CameraModels;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a camera from the factory must look like before the platform CA signs anything for it: a
 * serial of 4-64 letters, digits or dashes (never ':' — node certificates are told apart by it), a
 * MAC, a built-in model, and an EC P-256 public key. The same rules for the gateway's handshake and
 * the operator API's batches.
 */
public final class CameraChecks {

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{3,63}");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** A P-256 SubjectPublicKeyInfo is 91 bytes; anything much longer is not one. */
    private static final int MAX_KEY_BYTES = 512;

    private CameraChecks() {
    }

    /** What is wrong with the serial, MAC or model, or empty when they are fine. */
    public static Optional<String> problem(String serial, String mac, String model) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            return Optional.of("serial must be 4-64 letters, digits or dashes");
        }
        if (mac == null || !MAC.matcher(mac).matches()) {
            return Optional.of("mac must look like 02:00:00:00:00:01");
        }
        if (model == null || !MODEL.matcher(model).matches() || CameraModels.builtIn().find(model).isEmpty()) {
            return Optional.of("unknown camera model '" + printable(String.valueOf(model)) + "'; known: "
                    + String.join(", ", CameraModels.builtIn().ids()));
        }
        return Optional.empty();
    }

    /** The camera's key, or empty when {@code der} is no EC P-256 public key: the reason is {@link #KEY_PROBLEM}. */
    public static Optional<PublicKey> deviceKey(byte[] der) {
        if (der == null || der.length == 0 || der.length > MAX_KEY_BYTES) {
            return Optional.empty();
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                    ? Optional.of(key) : Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #deviceKey} found no key. */
    public static final String KEY_PROBLEM = "publicKey must be an EC P-256 public key (DER SubjectPublicKeyInfo)";

    /**
     * Checks the whole camera; returns its key.
     *
     * @throws CameraRefusedException naming the camera and the first problem
     */
    public static PublicKey check(NewCamera camera) {
        Optional<String> problem = problem(camera.serial(), camera.mac(), camera.model());
        if (problem.isPresent()) {
            throw new CameraRefusedException(camera.serial(), problem.get());
        }
        return deviceKey(camera.publicKey()).orElseThrow(() -> new CameraRefusedException(camera.serial(), KEY_PROBLEM));
    }

    /** Untrusted text as it may appear in a message or a log: at most 64 characters, no control characters. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
