package camcloud.cloud.provisioning;

/**
 * A camera as the factory presents it: serial, MAC, model id and its public key (DER
 * SubjectPublicKeyInfo). Untrusted until {@link CameraChecks} accepted it.
 */
public record NewCamera(String serial, String mac, String model, byte[] publicKey) {
}
