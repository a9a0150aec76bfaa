package camcloud.cli.fleet;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as an ordinary event: {@code fleet} powers its cameras off and exits 0, where a
 * shutdown hook would leave the JVM's exit status at 143. {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}) is the only way the JDK offers.
 */
final class TerminationSignals {

    private TerminationSignals() {
    }

    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have, or one the JVM keeps for itself (-Xrs): the default stays
            }
        }
    }
}
