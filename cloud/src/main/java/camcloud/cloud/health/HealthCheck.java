package camcloud.cloud.health;

/**
 * One component's health, asked by {@link HealthChecks} (on its own thread, with a time limit). It
 * may block briefly (a query, a store request). What it says is shown to anyone who asks
 * {@code GET /health}: a short text of our own, never an exception message, an address or a secret.
 * A check that throws is reported down as "check failed" (the exception is logged, not shown).
 */
@FunctionalInterface
public interface HealthCheck {

    Status check() throws Exception;

    /** Up or down, and in a few words why (or what is fine: "12.3 GiB free"). */
    record Status(boolean ok, String detail) {

        public static Status up() {
            return new Status(true, "");
        }

        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String reason) {
            return new Status(false, reason);
        }
    }
}
