package camcloud.cloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Users;
import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Webhooks and their delivery logs in the database, on both engines. */
@DatabaseTest
class WebhookStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    Webhooks webhooks;
    long alice;
    long bob;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        webhooks = new Webhooks(db, Clock.systemUTC(), 2);
        Users users = new Users(db, new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 1), Clock.systemUTC());
        alice = ((Users.SignUp.Created) users.signUp("alice", "correct horse battery")).user().id();
        bob = ((Users.SignUp.Created) users.signUp("bob", "correct horse battery")).user().id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void webhooksAreTheirOwnersAndLimitedPerOwner() {
        Webhooks.Created first = webhooks.register(alice, "https://example.com/a", List.of("motion", "sound"));
        Webhooks.Created second = webhooks.register(alice, "https://example.com/b", List.of("camera.offline"));
        assertThat(second.webhook().id()).isGreaterThan(first.webhook().id());
        assertThatThrownBy(() -> webhooks.register(alice, "https://example.com/c", List.of("motion")))
                .isInstanceOf(Webhooks.TooMany.class);
        assertThat(webhooks.of(alice)).extracting(Webhook::url)
                .containsExactly("https://example.com/a", "https://example.com/b");
        assertThat(webhooks.find(bob, first.webhook().id())).isEmpty();
        assertThat(webhooks.receiving(alice, "sound")).extracting(Webhooks.Target::id)
                .containsExactly(first.webhook().id());
        assertThat(webhooks.target(first.webhook().id())).hasValueSatisfying(
                t -> assertThat(t.secret()).isEqualTo(first.secret()));
        assertThat(webhooks.delete(bob, first.webhook().id())).isFalse();
        assertThat(webhooks.delete(alice, first.webhook().id())).isTrue();
        assertThat(webhooks.of(alice)).hasSize(1);
    }

    @Test
    void theDeliveryLogIsBoundedAndGoesWithItsWebhook() {
        long id = webhooks.register(alice, "https://example.com/a", List.of("motion")).webhook().id();
        DeliveryLog log = new DeliveryLog(db, 3);
        for (int i = 0; i < 5; i++) {
            assertThat(log.created("d" + i, id, "motion", DeliveryLog.Status.RETRYING, 1_760_000_000_000L + i)).isTrue();
        }
        log.update("d4", DeliveryLog.Status.FAILED, 3, 500, "server error", 1_760_000_001_000L);
        log.update("d3", DeliveryLog.Status.DELIVERED, 1, null, null, 1_760_000_001_000L);
        assertThat(log.latest(id, 10)).extracting(DeliveryLog.Entry::id).containsExactly("d4", "d3", "d2");
        assertThat(log.find("d4")).satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(e.httpStatus()).isEqualTo(500);
        });
        assertThat(log.find("d3").httpStatus()).isNull();
        assertThat(log.find("d0")).isNull();
        webhooks.delete(alice, id);
        assertThat(log.find("d4")).isNull();
        assertThat(log.created("d9", id, "motion", DeliveryLog.Status.RETRYING, 0)).isFalse();
    }
}
