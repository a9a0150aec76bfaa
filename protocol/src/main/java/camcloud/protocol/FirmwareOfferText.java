package camcloud.protocol;

import camcloud.protocol.v1.FirmwareOffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The bytes a {@link FirmwareOffer}'s signature covers: a fixed text of every field but the
 * signature, one per line. Text instead of the protobuf encoding so that a camera agent in C signs
 * and checks the same bytes without depending on how a protobuf library orders or encodes fields.
 *
 * <pre>
 * camcloud-firmware-offer/1
 * serial=CC-…
 * model=xiaomi-yi-ants
 * version=1.2.3
 * versionNumber=1002003
 * bundleUrl=https://…
 * bundleSha256=&lt;64 hex&gt;
 * bundleSize=…
 * issuedAtMs=…
 * expiresAtMs=…
 * keyId=…
 * </pre>
 */
public final class FirmwareOfferText {

    public static final String FORMAT = "camcloud-firmware-offer/1";

    private FirmwareOfferText() {
    }

    public static byte[] signedBytes(FirmwareOffer offer) {
        String text = FORMAT + "\n"
                + "serial=" + oneLine(offer.getSerial()) + "\n"
                + "model=" + oneLine(offer.getModel()) + "\n"
                + "version=" + oneLine(offer.getVersion()) + "\n"
                + "versionNumber=" + Long.toUnsignedString(offer.getVersionNumber()) + "\n"
                + "bundleUrl=" + oneLine(offer.getBundleUrl()) + "\n"
                + "bundleSha256=" + HexFormat.of().formatHex(offer.getBundleSha256().toByteArray()) + "\n"
                + "bundleSize=" + Long.toUnsignedString(offer.getBundleSize()) + "\n"
                + "issuedAtMs=" + offer.getIssuedAtMs() + "\n"
                + "expiresAtMs=" + offer.getExpiresAtMs() + "\n"
                + "keyId=" + oneLine(offer.getKeyId()) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A value with a line break would let one field pose as another; such text is replaced. */
    private static String oneLine(String value) {
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 ? "\uFFFD" : value;
    }
}
