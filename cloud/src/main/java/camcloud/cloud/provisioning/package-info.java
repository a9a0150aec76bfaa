/**
 * Registering cameras fresh from the factory: one over the gateway's provisioning handshake, or a
 * batch of up to a thousand through the operator API. Both paths check a camera the same way and
 * register it the same way; only the transport differs.
 *
 * <pre>
 *  gateway ProvisioningSession ──(one camera)──┐
 *                                              ├─► CameraChecks ─► Registrar ─► PlatformCa (certificates, on every core)
 *  POST /api/operator/cameras/batch ──(≤1000)──┘                      │       └► DeviceStore.registerAll (one transaction)
 *                                                                     └► FirmwareService (trust anchors, pinned keys)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.provisioning.NewCamera} — what the factory says about a camera.</li>
 *   <li>{@link camcloud.cloud.provisioning.CameraChecks} — serial, MAC, model and key rules; a refusal names the camera.</li>
 *   <li>{@link camcloud.cloud.provisioning.CameraRefusedException} — a camera the cloud will not register, and why.</li>
 *   <li>{@link camcloud.cloud.provisioning.Registrar} — certificates, claim codes, registration, firmware anchors.</li>
 * </ul>
 */
package camcloud.cloud.provisioning;
