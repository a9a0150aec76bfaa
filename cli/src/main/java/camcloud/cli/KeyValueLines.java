package camcloud.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable output of a command: {@code key: value} lines with the values aligned, then notes
 * (such as {@code warning: …}).
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
        fields.add(new String[] {key, printable(value)});
        return this;
    }

    /** A line printed after the aligned ones. */
    public KeyValueLines note(String line) {
        notes.add(printable(line));
        return this;
    }

    /**
     * Values may hold what a camera said (its version, an update error): control characters become
     * {@code ?}, so no camera can move the cursor or recolour an operator's terminal.
     */
    static String printable(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
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
