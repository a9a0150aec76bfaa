package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI file documents exactly the endpoints the server has: no more, no fewer. */
class OpenApiTest {

    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|patch|delete|head|options):\\s*$");

    @TempDir
    Path dir;

    @Test
    void everyEndpointIsDocumentedAndEveryDocumentedEndpointExists() {
        try (ApiServer server = new ApiServer(dir)) {
            ApiClient.Response spec = server.client().get("/api/openapi.yaml");
            assertThat(spec.status()).isEqualTo(200);
            assertThat(spec.header("Content-Type")).startsWith("application/yaml");
            assertThat(spec.text()).startsWith("openapi: 3.0.");

            Set<String> documented = new LinkedHashSet<>();
            String path = null;
            boolean inPaths = false;
            for (String line : spec.text().split("\n")) {
                if (!line.startsWith(" ")) {
                    inPaths = line.startsWith("paths:");
                    continue;
                }
                Matcher p = PATH.matcher(line);
                Matcher m = METHOD.matcher(line);
                if (inPaths && p.matches()) {
                    path = p.group(1);
                } else if (inPaths && m.matches()) {
                    documented.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(server.api.endpoints());
        }
    }
}
