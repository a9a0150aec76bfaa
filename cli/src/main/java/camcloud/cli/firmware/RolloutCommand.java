package camcloud.cli.firmware;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code camcloud firmware rollout …}: releases to a fleet in waves (the cloud's rollout API), and
 * the one command for going back.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Roll a published version out to a model's cameras in waves, watch it, and go back.",
        subcommands = {
                RolloutCreateCommand.class,
                RolloutListCommand.class,
                RolloutShowCommand.class,
                RolloutActionCommand.Start.class,
                RolloutActionCommand.Pause.class,
                RolloutActionCommand.Resume.class,
                RolloutActionCommand.Cancel.class,
                RolloutRollbackCommand.class,
        })
public final class RolloutCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The API path of rollout {@code id}; refuses what is no rollout id. */
    static String path(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("ROLLOUT must be a rollout id (a number), was '" + id + "'");
        }
        return "/api/operator/rollouts/" + id;
    }
}
