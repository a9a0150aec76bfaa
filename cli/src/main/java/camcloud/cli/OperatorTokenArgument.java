package camcloud.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --token} value of operator commands: the token itself, or {@code @FILE} to read it from
 * a file (such as the node's {@code data/operator-token}), which keeps it out of the shell history
 * and the process list.
 */
public final class OperatorTokenArgument {

    private OperatorTokenArgument() {
    }

    /** The token {@code value} names. */
    public static String resolve(String value) throws IOException {
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            if (!Files.isRegularFile(file)) {
                throw new IOException("--token " + value + ": no such file");
            }
            return Files.readString(file).strip();
        }
        return value;
    }
}
