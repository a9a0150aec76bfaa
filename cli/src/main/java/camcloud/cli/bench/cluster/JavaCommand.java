package camcloud.cli.bench.cluster;

import java.nio.file.Path;

/** The {@code java} and class path of this JVM, so that the processes we start run the same build. */
final class JavaCommand {

    private JavaCommand() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    static String classPath() {
        return System.getProperty("java.class.path");
    }
}
