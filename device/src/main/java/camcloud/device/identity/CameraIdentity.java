package camcloud.device.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Who a camera is: written once at the factory into the {@code tech} partition, never touched by an
 * update.
 *
 * @param serial      the camera's serial (the CN of its certificate)
 * @param mac         its MAC address
 * @param model       the camera model id
 * @param deviceKey   the camera's private key (EC P-256), proves the camera's identity in TLS
 * @param certificate the camera's certificate, issued by the platform CA
 * @param platformCa  the platform CA the camera pins: it trusts no other gateway
 */
public record CameraIdentity(
        String serial,
        String mac,
        String model,
        PrivateKey deviceKey,
        X509Certificate certificate,
        X509Certificate platformCa) {

    @Override
    public String toString() {
        return "CameraIdentity(" + serial + ", " + mac + ", " + model + ")"; // never print the key
    }
}
