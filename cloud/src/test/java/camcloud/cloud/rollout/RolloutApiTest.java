package camcloud.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout and tag API from the outside, on a real node with registered cameras (powered off:
 * nothing here may reach a camera): every refusal is a clear error, and after all of them no camera
 * has a target and no rollout exists but the ones that were accepted.
 */
class RolloutApiTest {

    @TempDir
    Path dir;
    RolloutFleet fleet;
    List<String> cameras;

    @BeforeEach
    void start() throws Exception {
        fleet = RolloutFleet.start(dir);
        fleet.trustNewKey();
        cameras = fleet.provision(4);
        fleet.publish("1.2.0", fleet.trustNewKey());
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private static Map<String, Object> body(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", RolloutFleet.MODEL.id());
        body.put("version", "1.2.0");
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    private ApiClient.Response refused(int status, Map<String, Object> body, String message) {
        ApiClient.Response r = fleet.create(body);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.error()).contains(message);
        return r;
    }

    @Test
    void everyBadRolloutIsRefusedWithItsReasonAndNothingIsOffered() {
        refused(400, body("model", "no-such-model"), "unknown model 'no-such-model'");
        refused(409, body("version", "9.9.9"), "version 9.9.9 is not published for model " + RolloutFleet.MODEL.id());
        refused(400, body("errorThreshold", 101), "errorThreshold");
        refused(400, body("successThreshold", -1), "successThreshold");
        refused(400, body("cameraTimeoutSeconds", 0), "cameraTimeoutSeconds");
        refused(400, body("settleSeconds", 0), "settleSeconds");
        refused(400, body("maxConcurrentDownloads", 0), "maxConcurrentDownloads");
        refused(400, body("minFinished", 0), "minFinished");
        refused(400, body("fromVersions", List.of("0.0.1")), "no camera to update");
        refused(400, body("tags", List.of("nobody-has-this")), "no camera to update");
        refused(400, body("tags", List.of("Not A Tag")), "is not a tag");
        refused(400, body("waves", List.of(Map.of("percent", 50), Map.of("percent", 10))), "must grow");
        refused(400, body("waves", List.of(Map.of("tag", "qa", "percent", 5))), "each wave is");
        refused(400, body("waves", List.of(Map.of("tag", "qa"))), "the waves take none");
        refused(400, body("cameras", List.of("CC-NOSUCHCAMERA")), "not a camera of model");
        refused(400, body("nmae", "typo"), "unknown field 'nmae'");
        ApiClient.Response anonymous = new ApiClient(fleet.cloud.httpBase()).post("/api/operator/rollouts", body());
        assertThat(anonymous.status()).isEqualTo(401);
        ApiClient.Response wrongToken = new ApiClient(fleet.cloud.httpBase(), Map.of("Authorization", "Bearer nope"))
                .post("/api/operator/rollouts", body());
        assertThat(wrongToken.status()).isEqualTo(401);

        // a draft over two cameras, then one overlapping it: refused, naming a camera and the rollout
        ApiClient.Response draft = fleet.create(body("cameras", cameras.subList(0, 2), "start", false));
        assertThat(draft.status()).as(draft.text()).isEqualTo(201);
        long id = draft.json().get("id").asLong();
        assertThat(draft.json().get("state").asText()).isEqualTo("draft");
        ApiClient.Response overlap = refused(409, body(), "is already in rollout " + id);
        assertThat(overlap.error()).containsAnyOf(cameras.get(0), cameras.get(1));

        assertThat(fleet.operator.get("/api/operator/rollouts").json().get("rollouts")).hasSize(1);
        for (String serial : cameras) {
            assertThat(fleet.cloud.server().firmware().target(serial)).as(serial).isEmpty();
        }
        // the other two cameras are free for a rollout of their own; a cancelled draft frees its cameras
        assertThat(fleet.create(body("cameras", cameras.subList(2, 4), "start", false)).status()).isEqualTo(201);
        assertThat(fleet.steer(id, "cancel").get("state").asText()).isEqualTo("cancelled");
        assertThat(fleet.create(body("cameras", cameras.subList(0, 2), "start", false)).status()).isEqualTo(201);
    }

    @Test
    void steeringARolloutInTheWrongStateOrAnUnknownOneIsRefused() {
        long id = fleet.create(body("start", false)).json().get("id").asLong();
        ApiClient.Response resume = fleet.operator.post("/api/operator/rollouts/" + id + "/resume", Map.of());
        assertThat(resume.status()).isEqualTo(409);
        assertThat(resume.error()).contains("is draft");
        assertThat(fleet.operator.post("/api/operator/rollouts/999/start", Map.of()).status()).isEqualTo(404);
        assertThat(fleet.operator.get("/api/operator/rollouts/999").status()).isEqualTo(404);
        assertThat(fleet.operator.get("/api/operator/rollouts/" + id + "/cameras?state=dancing").status())
                .isEqualTo(400);
        ApiClient.Response back = fleet.operator.post("/api/operator/rollouts/" + id + "/rollback",
                Map.of("version", "1.2.0", "cameras", "failed"));
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.error()).contains("no failed camera");
        JsonNode started = fleet.steer(id, "start");
        assertThat(started.get("state").asText()).isEqualTo("running");
        assertThat(started.get("waves").get(0).get("state").asText()).isEqualTo("running");
        assertThat(started.get("settings").get("successThreshold").asInt()).isEqualTo(95);
        // four cameras, no qa: 1 % is one camera, 10 % adds none (dropped), 50 % one more, then the rest
        assertThat(started.get("waves")).extracting(w -> w.get("label").asText()).containsExactly("1 %", "50 %",
                "100 %");
    }

    @Test
    void tagsAreSetInBulkListedAndFilterTheOperatorCameraList() {
        String one = cameras.get(0);
        ApiClient.Response put = fleet.operator.send("PUT", "/api/operator/cameras/" + one + "/tags",
                "{\"tags\":[\"site-lyon\",\"qa\"]}", "application/json", Map.of());
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("tags")).extracting(JsonNode::asText).containsExactly("qa", "site-lyon");
        ApiClient.Response bulk = fleet.operator.post("/api/operator/tags/qa", Map.of("add", cameras.subList(1, 3),
                "remove", List.of(one)));
        assertThat(bulk.status()).as(bulk.text()).isEqualTo(200);
        assertThat(bulk.json().get("cameras").asInt()).isEqualTo(2);
        JsonNode qa = fleet.operator.get("/api/operator/cameras?tag=qa").json();
        assertThat(qa).extracting(c -> c.get("serial").asText()).containsExactlyInAnyOrderElementsOf(cameras.subList(1, 3));
        assertThat(qa.get(0).get("tags")).extracting(JsonNode::asText).contains("qa");

        ApiClient.Response badTag = fleet.operator.post("/api/operator/tags/Bad%20Tag", Map.of("add", List.of(one)));
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.error()).contains("is not a tag");
        assertThat(fleet.operator.post("/api/operator/tags/qa", Map.of("add", List.of("CC-NOPE"))).status())
                .isEqualTo(400);
        assertThat(fleet.operator.send("PUT", "/api/operator/cameras/CC-NOPE/tags", "{\"tags\":[]}",
                "application/json", Map.of()).status()).isEqualTo(404);
        assertThat(new ApiClient(fleet.cloud.httpBase()).get("/api/operator/cameras?tag=qa").status()).isEqualTo(401);
    }
}
