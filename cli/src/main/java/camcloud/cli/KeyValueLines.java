package camcloud.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable output of a command: {@code key: value} lines with the values aligned, then notes
 * (such as {@code warning: …}) as they are.
 *
 * <pre>
 * serial:     CC-7Q2M9XK4TB
 * claim code: 7K3QF-XW9TD-M2HRP
 * </pre>
 */
public final class KeyValueLines {

    private final List<String[]> fields = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public KeyValueLines add(String key, String value) {
        fields.add(new String[] {key, value});
        return this;
    }

    /** A line printed after the aligned ones, unchanged. */
    public KeyValueLines note(String line) {
        notes.add(line);
        return this;
    }

    public void printTo(PrintWriter out) {
        int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0) + 1;
        for (String[] f : fields) {
            out.println((f[0] + ":" + " ".repeat(width - f[0].length())) + f[1]);
        }
        notes.forEach(out::println);
        out.flush();
    }
}
