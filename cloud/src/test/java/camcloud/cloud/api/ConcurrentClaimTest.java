package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many people typing the same code at the same moment: exactly one gets the camera, the rest a 409. */
class ConcurrentClaimTest {

    @TempDir
    Path dir;

    @Test
    void exactlyOneOfManySimultaneousClaimsWins() throws Exception {
        int people = 8;
        try (ApiServer server = new ApiServer(dir)) {
            List<ApiClient> clients = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                ApiClient c = server.client();
                c.signUp("user" + i, "correct horse battery");
                clients.add(c);
            }
            ExecutorService pool = Executors.newFixedThreadPool(people);
            try {
                for (int round = 0; round < 5; round++) {
                    ApiServer.Camera cam = server.newCamera();
                    CyclicBarrier start = new CyclicBarrier(people);
                    List<CompletableFuture<Integer>> answers = new ArrayList<>();
                    for (ApiClient c : clients) {
                        answers.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                start.await();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return c.claim(cam.code(), "mine").status();
                        }, pool));
                    }
                    List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
                    assertThat(statuses).as("round " + round).containsOnly(201, 409);
                    assertThat(statuses.stream().filter(s -> s == 201).count()).as("round " + round).isEqualTo(1);
                    long owners = clients.stream().filter(c -> c.get("/api/cameras/" + cam.serial()).status() == 200)
                            .count();
                    assertThat(owners).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
