package camcloud.cli.bench.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a node's {@code /metrics} (Prometheus text format), read the way a dashboard reads
 * it: a metric's samples whose labels match, summed. Lines that do not parse are skipped: the
 * figures a benchmark prints come from the samples it names, and a missing one reads as absent.
 */
public final class Metrics {

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    public static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample s = sample(line.strip());
            if (s != null) {
                samples.add(s);
            }
        }
        return new Metrics(List.copyOf(samples));
    }

    /**
     * The sum of {@code name}'s samples whose labels include every entry of {@code labels}; empty
     * when none does (a meter this node does not have).
     */
    public OptionalDouble sum(String name, Map<String, String> labels) {
        double sum = 0;
        boolean any = false;
        for (Sample s : samples) {
            // a gauge whose object is gone reads NaN: it adds nothing
            if (s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet()) && !Double.isNaN(s.value)) {
                sum += s.value;
                any = true;
            }
        }
        return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** {@link #sum} with no label filter, 0 when absent. */
    public long count(String name) {
        return (long) sum(name, Map.of()).orElse(0);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
            int close = line.lastIndexOf('}');
            if (close < brace) {
                return null;
            }
            name = line.substring(0, brace);
            for (String pair : line.substring(brace + 1, close).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.length() > eq + 1) {
                    labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip().replace("\"", ""));
                }
            }
        } else {
            name = line.substring(0, line.indexOf(' '));
        }
        try {
            return new Sample(name, Map.copyOf(labels), Double.parseDouble(line.substring(space + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
