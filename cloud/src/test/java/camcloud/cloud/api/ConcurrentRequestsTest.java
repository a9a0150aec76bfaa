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

/** Many people acting at the same moment: one winner per claim code or username, the rest a 409, never a 500. */
class ConcurrentRequestsTest {

    @TempDir
    Path dir;

    @Test
    void simultaneousSignUpsOfOneNameGiveOneAccountAndOfManyNamesGiveMany() {
        int people = 8;
        try (ApiServer server = new ApiServer(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(people);
            try {
                List<CompletableFuture<Integer>> same = new ArrayList<>();
                List<CompletableFuture<Integer>> distinct = new ArrayList<>();
                for (int i = 0; i < people; i++) {
                    int n = i;
                    same.add(CompletableFuture.supplyAsync(
                            () -> server.client().signUp("popular", "correct horse battery").status(), pool));
                    distinct.add(CompletableFuture.supplyAsync(
                            () -> server.client().signUp("person" + n, "correct horse battery").status(), pool));
                }
                List<Integer> sameStatuses = same.stream().map(CompletableFuture::join).toList();
                assertThat(sameStatuses).containsOnly(201, 409);
                assertThat(sameStatuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
                assertThat(distinct.stream().map(CompletableFuture::join).toList()).containsOnly(201);
            } finally {
                pool.shutdownNow();
            }
        }
    }

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
