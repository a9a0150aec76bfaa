package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code camcloud firmware rollout show ID}: a rollout's state, waves, counts and failures. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a rollout: its state, each wave's progress, counts per state, failures and their cameras.")
public final class RolloutShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "The rollout's id")
    String id;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            HttpResponse<String> response = operator.get(RolloutCommand.path(id));
            output.print(spec.commandLine().getOut(), response.body(), () -> RolloutLines.of(OperatorApi.json(response)));
            return 0;
        });
    }
}
