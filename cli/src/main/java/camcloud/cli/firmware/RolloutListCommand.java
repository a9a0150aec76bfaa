package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code camcloud firmware rollout list}: every rollout, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the rollouts, newest first.")
public final class RolloutListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            HttpResponse<String> response = operator.get("/api/operator/rollouts");
            output.print(spec.commandLine().getOut(), response.body(),
                    () -> RolloutLines.list(OperatorApi.json(response).path("rollouts")));
            return 0;
        });
    }
}
