package camcloud.cloud.rollout;

import camcloud.cloud.tag.CameraTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which camera goes in which wave, decided once when the rollout is created and stored: cameras in
 * the order of a hash of their serial (so the same cameras lead every release of a model, and a new
 * driver after a takeover finds the plan unchanged), tag waves first taking the cameras that carry
 * their tag, percent waves cumulative shares of the rest — 1 % of 300 is 3 cameras, and a share is
 * never less than one camera. Waves left without a camera are dropped.
 */
public final class WavePlan {

    /** The waves of a rollout created without any. */
    public static final List<WaveSpec> DEFAULT_WAVES = List.of(WaveSpec.tag("qa"), WaveSpec.percent(1),
            WaveSpec.percent(10), WaveSpec.percent(50), WaveSpec.percent(100));
    public static final int MAX_WAVES = 20;

    /** One wave of the plan: its label and its cameras in offer order. */
    public record Wave(String label, List<String> cameras) {
    }

    private WavePlan() {
    }

    /** Refuses waves that cannot make a plan, naming what is wrong. */
    public static void check(List<WaveSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("waves must name at least one wave");
        }
        if (specs.size() > MAX_WAVES) {
            throw new IllegalArgumentException("at most " + MAX_WAVES + " waves");
        }
        int lastPercent = 0;
        Set<String> tags = new HashSet<>();
        for (WaveSpec s : specs) {
            if (s.byTag()) {
                CameraTags.check(s.tag());
                if (!tags.add(s.tag())) {
                    throw new IllegalArgumentException("wave tag '" + s.tag() + "' is named twice");
                }
            } else {
                if (s.percent() < 1 || s.percent() > 100) {
                    throw new IllegalArgumentException("a wave's percent must be from 1 to 100, was " + s.percent());
                }
                if (s.percent() <= lastPercent) {
                    throw new IllegalArgumentException("wave percents are cumulative and must grow: " + s.percent()
                            + " after " + lastPercent);
                }
                lastPercent = s.percent();
            }
        }
    }

    /**
     * @param target every camera of the rollout's target
     * @param tags   the tags of the target's cameras (cameras without tags may be missing)
     */
    public static List<Wave> plan(Set<String> target, Map<String, List<String>> tags, List<WaveSpec> specs) {
        check(specs);
        List<String> ordered = new ArrayList<>(target);
        ordered.sort(Comparator.comparingLong(WavePlan::hash).thenComparing(Comparator.naturalOrder()));
        Set<String> taken = new HashSet<>();
        List<Wave> tagWaves = new ArrayList<>();
        for (WaveSpec s : specs) {
            if (s.byTag()) {
                List<String> cameras = ordered.stream().filter(c -> !taken.contains(c)
                        && tags.getOrDefault(c, List.of()).contains(s.tag())).toList();
                taken.addAll(cameras);
                tagWaves.add(new Wave(s.label(), cameras));
            }
        }
        List<String> rest = ordered.stream().filter(c -> !taken.contains(c)).toList();
        List<Wave> waves = new ArrayList<>();
        int tagWave = 0;
        int done = 0;
        for (WaveSpec s : specs) {
            if (s.byTag()) {
                waves.add(tagWaves.get(tagWave++));
            } else {
                int upTo = rest.isEmpty() ? 0
                        : (int) Math.min(rest.size(), Math.max(1, (rest.size() * (long) s.percent() + 99) / 100));
                waves.add(new Wave(s.label(), List.copyOf(rest.subList(Math.min(done, upTo), upTo))));
                done = Math.max(done, upTo);
            }
        }
        return waves.stream().filter(w -> !w.cameras().isEmpty()).toList();
    }

    /** The cameras the plan covers, in offer order. */
    public static Set<String> cameras(List<Wave> waves) {
        Set<String> out = new LinkedHashSet<>();
        waves.forEach(w -> out.addAll(w.cameras()));
        return out;
    }

    /** A stable 64-bit hash of the serial (SHA-256's first bytes): spreads serials that differ by a digit. */
    static long hash(String serial) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(serial.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = h << 8 | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
