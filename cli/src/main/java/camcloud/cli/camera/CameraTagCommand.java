package camcloud.cli.camera;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.cli.firmware.CommandFailure;
import camcloud.cli.firmware.OperatorApi;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud camera tag SERIAL [--add qa] [--remove site-lyon] [--set a,b]}: the tags rollouts
 * target cameras by ({@code qa}, a site, a customer). {@code --set} replaces the camera's tags
 * ({@code PUT /api/operator/cameras/SERIAL/tags}); {@code --add} and {@code --remove} change only the
 * tags named ({@code POST /api/operator/tags/TAG}), leaving the others. Prints the camera's tags after
 * the change ({@code --json}: the API's {@code {"serial", "tags"}}).
 * A tag is {@code [a-z0-9][a-z0-9._-]{0,63}}; the cloud refuses any other.
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Add, remove or set a camera's tags (operator); rollouts target cameras by tag.")
public final class CameraTagCommand implements Callable<Integer> {

    private static final String TAG = "[a-z0-9][a-z0-9._-]{0,63}";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERIAL", description = "The camera's serial")
    String serial;

    @Option(names = "--add", paramLabel = "TAG", split = ",", description = "Tags to add (repeat or comma-separate)")
    List<String> add = List.of();

    @Option(names = "--remove", paramLabel = "TAG", split = ",", description = "Tags to remove")
    List<String> remove = List.of();

    @Option(names = "--set", paramLabel = "TAG", split = ",", arity = "0..*",
            description = "The camera's tags, replacing all it has (--set with no tag clears them)")
    List<String> set;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            OperatorApi.checkSerial(serial);
            if (set != null && (!add.isEmpty() || !remove.isEmpty())) {
                throw new IllegalArgumentException("--set replaces every tag: use it without --add and --remove");
            }
            if (set == null && add.isEmpty() && remove.isEmpty()) {
                throw new IllegalArgumentException("nothing to do: give --add, --remove or --set");
            }
            for (String tag : concat(add, remove, set)) {
                if (!tag.matches(TAG)) {
                    throw new IllegalArgumentException("tag '" + tag + "' must be lower-case letters, digits, '.', "
                            + "'_' or '-', starting with a letter or digit, at most 64 characters");
                }
            }
            if (set != null) {
                print(operator.put("/api/operator/cameras/" + serial + "/tags", Map.of("tags", set)));
                return 0;
            }
            for (String tag : add) {
                operator.post("/api/operator/tags/" + tag, Map.of("add", List.of(serial)));
            }
            for (String tag : remove) {
                operator.post("/api/operator/tags/" + tag, Map.of("remove", List.of(serial)));
            }
            print(operator.get("/api/operator/cameras/" + serial + "/tags"));
            return 0;
        });
    }

    /** The camera's tags as the cloud answers them ({@code {"serial", "tags"}}). */
    private void print(HttpResponse<String> response) throws java.io.IOException {
        output.print(spec.commandLine().getOut(), response.body(), () -> {
            List<String> tags = texts(OperatorApi.json(response).path("tags"));
            return new KeyValueLines().add("camera", serial).add("tags", tags.isEmpty() ? "none" : String.join(", ", tags));
        });
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        if (c != null) {
            all.addAll(c);
        }
        return all;
    }
}
