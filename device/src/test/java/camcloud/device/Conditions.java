package camcloud.device;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something a camera or a test cloud does on its own threads. */
public final class Conditions {

    private Conditions() {
    }

    /** Polls {@code condition} for up to 20 s; true as soon as it holds. Never asserts on how long it took. */
    public static boolean await(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
