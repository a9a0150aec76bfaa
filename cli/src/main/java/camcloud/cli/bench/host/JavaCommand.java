package camcloud.cli.bench.host;

import java.nio.file.Path;

/** The {@code java} and class path of this JVM, so that the processes we start run the same build. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    public static String classPath() {
        return System.getProperty("java.class.path");
    }
}
