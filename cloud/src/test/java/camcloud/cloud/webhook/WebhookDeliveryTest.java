package camcloud.cloud.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Deliveries to real HTTP receivers on loopback (the operator allows private networks here), on both engines. */
@DatabaseTest
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Small waits between tries, so a test sees several. */
    private static final WebhookSettings FAST = WebhookSettings.DEFAULT.withAllowPrivateNetworks(true)
            .withRetries(4, Duration.ofMillis(20)).withTimeout(Duration.ofSeconds(5));

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;

    private Database db;
    private final Clock clock = Clock.systemUTC();
    private final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();

    @BeforeEach
    void open() {
        db = engine.open(dir);
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO users (id, username, password_hash, created_at) "
                    + "VALUES (1, 'alice', 'x', 0), (2, 'bob', 'x', 0)")) {
                return p.executeUpdate();
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        db.close();
    }

    private WebhookDispatcher dispatcher(WebhookSettings settings, WebhookUrlPolicy policy) {
        WebhookDispatcher d = new WebhookDispatcher(new Webhooks(db, clock, settings.perUser()),
                new DeliveryLog(db, settings.logPerWebhook()), policy, settings, clock);
        closing.add(d);
        return d;
    }

    private WebhookDispatcher dispatcher(WebhookSettings settings) {
        return dispatcher(settings, new WebhookUrlPolicy(settings.allowPrivateNetworks()));
    }

    private WebhookReceiver receiver() {
        WebhookReceiver r = new WebhookReceiver(clock);
        closing.add(r);
        return r;
    }

    private Webhook register(WebhookDispatcher d, long user, WebhookReceiver r, String path, List<String> kinds) {
        Webhooks.Created created = d.webhooks().register(user, r.url(path), kinds);
        r.secret(created.secret());
        return created.webhook();
    }

    private static Map<String, Object> event(String id) {
        return Map.of("id", id, "camera", "CC-1", "type", "motion");
    }

    private static DeliveryLog.Entry only(WebhookDispatcher d, Webhook w) {
        List<DeliveryLog.Entry> log = d.deliveryLog().latest(w.id(), 100);
        assertThat(log).hasSize(1);
        return log.get(0);
    }

    private static boolean settled(WebhookDispatcher d, Webhook w) {
        List<DeliveryLog.Entry> log = d.deliveryLog().latest(w.id(), 100);
        return !log.isEmpty() && log.stream().noneMatch(e -> e.status().equals("retrying"));
    }

    @Test
    void everyDeliveryIsSignedWithTheSecretAndATimestampAndCarriesItsIdTwice() {
        WebhookDispatcher d = dispatcher(FAST);
        WebhookReceiver r = receiver();
        Webhook w = register(d, 1, r, "/hook?token=t0ps3cret", WebhookKind.ALL);

        d.submit(1, WebhookKind.MOTION, "CC-1", 1_700_000_000_000L, event("ev-1"));
        d.submit(1, WebhookKind.CAMERA_OFFLINE, "CC-1", 1_700_000_001_000L, null);

        assertThat(TestCloud.await(WAIT, () -> r.received().size() == 2)).isTrue();
        assertThat(r.received()).allSatisfy(got -> assertThat(got.signatureValid()).isTrue());
        assertThat(r.received().get(0).path()).isEqualTo("/hook?token=t0ps3cret");
        WebhookReceiver.Received motion = r.received().stream().filter(g -> g.kind().equals("motion")).findFirst()
                .orElseThrow();
        assertThat(motion.body().get("camera").asText()).isEqualTo("CC-1");
        assertThat(motion.body().get("at").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(motion.body().get("event").get("id").asText()).isEqualTo("ev-1");
        assertThat(motion.body().fieldNames()).toIterable().containsExactly("id", "kind", "at", "camera", "event");
        WebhookReceiver.Received offline = r.received().stream().filter(g -> g.kind().equals("camera.offline"))
                .findFirst().orElseThrow();
        assertThat(offline.body().get("event").isNull()).isTrue();
        assertThat(TestCloud.await(WAIT, () -> settled(d, w))).isTrue();
        assertThat(d.deliveryLog().latest(w.id(), 10)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo("delivered");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.httpStatus()).isEqualTo(200);
        });
        // a tampered body or another secret does not verify
        byte[] body = "{\"id\":\"x\"}".getBytes();
        String signature = WebhookSignature.sign("whsec_a", 1000, body);
        assertThat(WebhookSignature.verify("whsec_a", "1000", body, signature, 1000, 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_b", "1000", body, signature, 1000, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_a", "1000", "{\"id\":\"y\"}".getBytes(), signature, 1000, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_a", "1000", body, signature, 1000 + 301, 300)).isFalse();
    }

    @Test
    void onlyTheKindsAWebhookChoseReachItAndOnlyTheOwnersWebhooks() {
        WebhookDispatcher d = dispatcher(FAST);
        WebhookReceiver motionOnly = receiver();
        WebhookReceiver bobs = receiver();
        register(d, 1, motionOnly, "/m", List.of(WebhookKind.MOTION));
        register(d, 2, bobs, "/b", WebhookKind.ALL);

        d.submit(1, WebhookKind.SOUND, "CC-1", 0, event("ev-s"));
        d.submit(1, WebhookKind.MOTION, "CC-1", 0, event("ev-m"));

        assertThat(TestCloud.await(WAIT, () -> motionOnly.received().size() == 1)).isTrue();
        assertThat(motionOnly.received().get(0).kind()).isEqualTo("motion");
        assertThat(bobs.received()).isEmpty();
    }

    @Test
    void aReceiverThatAnswers500TwiceThen200GetsThreeTriesOfTheSameDeliveryAndTheLogShowsThem() {
        WebhookDispatcher d = dispatcher(FAST);
        WebhookReceiver r = receiver();
        Webhook w = register(d, 1, r, "/flaky", WebhookKind.ALL);
        r.answer(500, 500);

        d.submit(1, WebhookKind.MOTION, "CC-1", 0, event("ev-1"));

        assertThat(TestCloud.await(WAIT, () -> settled(d, w))).isTrue();
        DeliveryLog.Entry entry = only(d, w);
        assertThat(entry.status()).isEqualTo("delivered");
        assertThat(entry.attempts()).isEqualTo(3);
        assertThat(entry.httpStatus()).isEqualTo(200);
        assertThat(entry.error()).isNull();
        assertThat(r.received()).hasSize(3).allSatisfy(got -> {
            assertThat(got.signatureValid()).isTrue();
            assertThat(got.deliveryHeader()).isEqualTo(entry.id());
        });
        assertThat(d.retried()).isEqualTo(2);
        assertThat(d.delivered()).isEqualTo(1);
    }

    @Test
    void aClientErrorIsNotRetriedButTooManyRequestsIsAndEveryTryFailingEndsAsFailed() {
        WebhookDispatcher d = dispatcher(FAST);
        WebhookReceiver refusing = receiver();
        WebhookReceiver busy = receiver();
        WebhookReceiver broken = receiver();
        Webhook wRefusing = register(d, 1, refusing, "/r", WebhookKind.ALL);
        Webhook wBusy = register(d, 1, busy, "/b", WebhookKind.ALL);
        Webhook wBroken = register(d, 1, broken, "/x", WebhookKind.ALL);
        refusing.answer(404);
        busy.answer(429);
        broken.answer(503, 503, 503, 503, 503);

        d.submit(1, WebhookKind.MOTION, "CC-1", 0, event("ev-1"));

        assertThat(TestCloud.await(WAIT, () -> settled(d, wRefusing) && settled(d, wBusy) && settled(d, wBroken)))
                .isTrue();
        assertThat(only(d, wRefusing)).satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.error()).isEqualTo("the receiver answered HTTP 404");
        });
        assertThat(only(d, wBusy)).satisfies(e -> {
            assertThat(e.status()).isEqualTo("delivered");
            assertThat(e.attempts()).isEqualTo(2);
        });
        assertThat(only(d, wBroken)).satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.httpStatus()).isEqualTo(503);
        });
        assertThat(refusing.received()).hasSize(1);
        assertThat(broken.received()).hasSize(4);
    }

    @Test
    void aRedirectIsNotFollowed() {
        WebhookDispatcher d = dispatcher(FAST);
        WebhookReceiver r = receiver();
        Webhook w = register(d, 1, r, "/moved", WebhookKind.ALL);
        r.answer(302);

        d.submit(1, WebhookKind.MOTION, "CC-1", 0, event("ev-1"));

        assertThat(TestCloud.await(WAIT, () -> settled(d, w))).isTrue();
        assertThat(only(d, w).status()).isEqualTo("failed");
        assertThat(only(d, w).error()).contains("redirects are not followed");
        assertThat(r.received()).hasSize(1);
    }

    @Test
    void aReceiverThatNeverAnswersHoldsUpNoOtherWebhookAndItsFullQueueDropsAreCountedAndLogged() {
        WebhookDispatcher d = dispatcher(FAST.withQueue(2, 2).withRetries(1, Duration.ofMillis(20))
                .withTimeout(Duration.ofSeconds(60)));
        WebhookReceiver dead = receiver();
        WebhookReceiver alive = receiver();
        dead.silent();
        Webhook wDead = register(d, 1, dead, "/dead", WebhookKind.ALL);
        register(d, 2, alive, "/alive", WebhookKind.ALL);

        for (int i = 0; i < 10; i++) {
            d.submit(1, WebhookKind.MOTION, "CC-1", i, event("ev-" + i));
        }
        // one in flight, at most two waiting: the rest were dropped, counted and logged
        List<DeliveryLog.Entry> log = d.deliveryLog().latest(wDead.id(), 100);
        long droppedLogged = log.stream().filter(e -> e.status().equals("dropped")).count();
        assertThat(d.dropped()).isBetween(7L, 8L);
        assertThat(droppedLogged).isEqualTo(d.dropped());
        assertThat(log).hasSize(10);
        assertThat(log.stream().filter(e -> e.status().equals("dropped"))).allSatisfy(e ->
                assertThat(e.attempts()).isZero());

        // while the dead receiver holds its delivery, another owner's webhook gets every one of its own
        for (int i = 0; i < 5; i++) {
            d.submit(2, WebhookKind.SOUND, "CC-2", i, event("ev-b" + i));
            int expected = i + 1;
            assertThat(TestCloud.await(WAIT, () -> alive.received().size() == expected)).isTrue();
        }
        assertThat(alive.received()).allSatisfy(got -> assertThat(got.signatureValid()).isTrue());
        assertThat(dead.received()).hasSizeLessThanOrEqualTo(1);
        assertThat(d.deliveryLog().latest(wDead.id(), 100).stream().filter(e -> e.status().equals("delivered")))
                .isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackByDeliveryTimeIsRefusedThenAndNothingIsSent() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        WebhookUrlPolicy rebinding = new WebhookUrlPolicy(false, host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "203.0.113.9" : "127.0.0.1")});
        WebhookSettings settings = FAST.withAllowPrivateNetworks(false);
        WebhookDispatcher d = dispatcher(settings, rebinding);
        WebhookReceiver r = receiver();
        String url = r.url("/hook").replace("127.0.0.1", "rebind.example.com");
        rebinding.resolve(url); // what registration checks: a public address then
        Webhooks.Created created = d.webhooks().register(1, url, WebhookKind.ALL);

        d.submit(1, WebhookKind.MOTION, "CC-1", 0, event("ev-1"));

        assertThat(TestCloud.await(WAIT, () -> settled(d, created.webhook()))).isTrue();
        DeliveryLog.Entry entry = only(d, created.webhook());
        assertThat(entry.status()).isEqualTo("failed");
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.error()).contains("network the cloud does not deliver to").contains("127.0.0.1");
        assertThat(r.received()).isEmpty();
    }

    @Test
    void theDeliveryLogKeepsOnlyTheLatestPerWebhook() {
        WebhookSettings small = new WebhookSettings(true, 2, 100, 1, Duration.ofMillis(20), Duration.ofSeconds(5),
                10, 3);
        WebhookDispatcher d = dispatcher(small);
        WebhookReceiver r = receiver();
        Webhook w = register(d, 1, r, "/hook", WebhookKind.ALL);
        for (int i = 0; i < 6; i++) {
            d.submit(1, WebhookKind.MOTION, "CC-1", i, event("ev-" + i));
        }
        assertThat(TestCloud.await(WAIT, () -> r.received().size() == 6)).isTrue();
        assertThat(TestCloud.await(WAIT, () -> settled(d, w))).isTrue();
        assertThat(d.deliveryLog().latest(w.id(), 100)).hasSize(3);
    }
}
