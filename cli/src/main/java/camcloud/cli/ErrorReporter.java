package camcloud.cli;

import picocli.CommandLine;

/**
 * Prints a command's failure as one clear line ({@code camcloud: <what went wrong>}) and exits 1.
 * A stack trace helps developers, not operators: it is printed only with {@code CAMCLOUD_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println("camcloud " + commandLine.getCommandName() + ": " + message);
        if ("1".equals(System.getenv("CAMCLOUD_DEBUG"))) {
            e.printStackTrace(commandLine.getErr());
        }
        return 1;
    }
}
