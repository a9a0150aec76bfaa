package camcloud.cli.firmware;

import camcloud.firmware.bundle.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camcloud firmware keygen}: a new Ed25519 signing key, as {@code NAME.key} (secret) and {@code NAME.pub}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate an Ed25519 firmware signing key: NAME.key (secret, mode 0600) and NAME.pub "
                + "(give it to cameras and the cloud). Never overwrites a key.")
public final class FirmwareKeygenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Directory for the key files (default: .).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "File name without extension (default: firmware-<key id>).")
    String name;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            SigningKey key = SigningKey.generate();
            String fileName = name != null ? name : "firmware-" + key.keyId();
            if (!fileName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("--name '" + fileName + "' may only use letters, digits, '.', '_' and '-'");
            }
            Path priv = key.save(out, fileName);
            PrintWriter w = spec.commandLine().getOut();
            w.println("key id  " + key.keyId());
            w.println("private " + priv + "  (secret: keep it out of the repository)");
            w.println("public  " + priv.resolveSibling(fileName + ".pub"));
            w.flush();
            return 0;
        });
    }
}
