package camcloud.cloud.firmware;

/**
 * One bundle in the repository.
 *
 * @param model         camera model id
 * @param version       version text
 * @param versionNumber major·10⁶ + minor·10³ + patch
 * @param minVersionNumber the oldest version number it installs over (0: any, or published before the
 *                      cloud recorded it)
 * @param size          bytes of the bundle file
 * @param sha256        hex SHA-256 of the bundle file
 * @param keyId         key that signed it
 * @param fileName      file name under the model's folder
 * @param publishedAtMs when it was published
 */
public record PublishedBundle(String model, String version, long versionNumber, long minVersionNumber, long size,
                              String sha256, String keyId, String fileName, long publishedAtMs) {
}
