package camcloud.cli.firmware;

import camcloud.firmware.bundle.BundleException;
import camcloud.firmware.env.EnvFormatException;
import camcloud.firmware.image.ImageException;
import camcloud.firmware.layout.LayoutException;
import camcloud.firmware.model.ModelFormatException;
import camcloud.firmware.model.UnknownModelException;
import camcloud.firmware.uimage.UImageFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a firmware command body and turns the firmware module's errors into one line on stderr and
 * exit code 1: the person at the terminal (or the CI log) needs the reason, not a stack trace.
 */
public final class CommandFailure {

    /** Exit code of a command refused for bad input. */
    static final int BAD_INPUT = 1;

    private CommandFailure() {
    }

    public static int run(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (ModelFormatException | UnknownModelException | LayoutException | ImageException | BundleException
                 | EnvFormatException | UImageFormatException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
        } catch (IOException e) {
            err.println("error: " + describe(e));
        } catch (UncheckedIOException e) {
            err.println("error: " + describe(e.getCause()));
        } catch (Exception e) {
            err.println("error: " + e);
        }
        err.flush();
        return BAD_INPUT;
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists" + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
