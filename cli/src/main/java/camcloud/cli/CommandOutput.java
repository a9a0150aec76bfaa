package camcloud.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * What a command that reports a result prints (a picocli mixin): readable {@link KeyValueLines} by
 * default, the JSON document with {@code --json} — for the operator commands, exactly the cloud
 * API's answer, so a script sees what the API documents.
 */
public final class CommandOutput {

    @Option(names = "--json", description = "Print the result as JSON (for operator commands: the cloud API's "
            + "answer) instead of text")
    boolean json;

    public boolean json() {
        return json;
    }

    /** Makes the text of a result (reading its JSON may fail). */
    @FunctionalInterface
    public interface Text {
        KeyValueLines lines() throws IOException;
    }

    /** Prints {@code jsonDocument} with {@code --json}, else the text {@code readable} makes. */
    public void print(PrintWriter out, String jsonDocument, Text readable) throws IOException {
        if (json) {
            out.println(jsonDocument.strip());
            out.flush();
        } else {
            readable.lines().printTo(out);
        }
    }
}
