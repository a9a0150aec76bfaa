package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware rollout start|pause|resume|cancel ID}: the four controls, each one POST
 * to {@code /api/operator/rollouts/ID/<action>}; prints the rollout as the cloud answers it.
 */
public abstract class RolloutActionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "The rollout's id")
    String id;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    private final String action;

    RolloutActionCommand(String action) {
        this.action = action;
    }

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            HttpResponse<String> response = operator.post(RolloutCommand.path(id) + "/" + action, Map.of());
            output.print(spec.commandLine().getOut(), response.body(), () -> RolloutLines.of(OperatorApi.json(response)));
            return 0;
        });
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a draft rollout.")
    public static final class Start extends RolloutActionCommand {
        public Start() {
            super("start");
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a rollout: no camera is offered the version until it resumes.")
    public static final class Pause extends RolloutActionCommand {
        public Pause() {
            super("pause");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused rollout (also one the error threshold paused).")
    public static final class Resume extends RolloutActionCommand {
        public Resume() {
            super("resume");
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a rollout: nothing new is offered; cameras already downloading finish.")
    public static final class Cancel extends RolloutActionCommand {
        public Cancel() {
            super("cancel");
        }
    }
}
