package camcloud.cli.firmware;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code camcloud firmware ...} in this JVM and keeps what it printed, for the firmware command tests. */
record FirmwareCli(int exit, String out, String err) {

    static FirmwareCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new FirmwareCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new FirmwareCli(exit, out.toString(), err.toString());
    }
}
