package camcloud.cli.bench.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the Prometheus text format a node's {@code /metrics} answers: one sample per line, comments skipped. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** {@code name{labels}} (or {@code name}) → value; lines that do not parse are skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                samples.put(line.substring(0, space).strip(), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // not a sample
            }
        }
        return samples;
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labelFilter} (empty: all). */
    static double sum(Map<String, Double> samples, String name, String labelFilter) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            boolean sameName = key.equals(name) || key.startsWith(name + "{");
            if (sameName && key.contains(labelFilter) && !e.getValue().isNaN()) {
                sum += e.getValue();
            }
        }
        return sum;
    }
}
