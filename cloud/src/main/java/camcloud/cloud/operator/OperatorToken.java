package camcloud.cloud.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The operator's API token: authorises factory provisioning and operator endpoints. Created at the
 * first start as 256 random bits in {@code DIR/operator-token} with mode 600; its value is never
 * logged, only where it is.
 */
public final class OperatorToken {

    public static final String FILE_NAME = "operator-token";

    private OperatorToken() {
    }

    /** Reads the token in {@code dataDir}, creating it on first start. */
    public static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.length() < 32) {
                throw new IOException(file + " holds no valid operator token (too short); delete it to make a new one");
            }
            return token;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }
}
