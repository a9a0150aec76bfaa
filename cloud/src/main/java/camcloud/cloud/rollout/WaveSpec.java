package camcloud.cloud.rollout;

/**
 * One wave as an operator asks for it: the cameras carrying a tag, or a cumulative percent of the
 * cameras no tag wave took ({@code 10} after {@code 1}: up to 10 % of them, so 9 % more).
 */
public record WaveSpec(String tag, int percent) {

    public static WaveSpec tag(String tag) {
        return new WaveSpec(tag, 0);
    }

    public static WaveSpec percent(int percent) {
        return new WaveSpec(null, percent);
    }

    public boolean byTag() {
        return tag != null;
    }

    /** {@code qa}, {@code 10 %}. */
    public String label() {
        return byTag() ? tag : percent + " %";
    }
}
