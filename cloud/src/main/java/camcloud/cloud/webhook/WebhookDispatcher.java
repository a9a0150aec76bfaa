package camcloud.cloud.webhook;

import camcloud.cloud.webhook.DeliveryLog.Status;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks without ever making the platform wait for a receiver.
 *
 * <pre>
 *   submit ─► per-webhook lane (bounded: pending + waiting for a retry ≤ queuePerWebhook; beyond: dropped, logged)
 *                 │ one delivery of a lane in flight at a time; lanes take turns
 *                 ▼
 *   fixed pool of workers ─► WebhookUrlPolicy.resolve (again, every try) ─► WebhookPost (one deadline)
 *                 │ 5xx / 408 / 429 / no answer: retry after base·4ⁿ ±50 %, back into its lane
 *                 ▼
 *   DeliveryLog (retrying → delivered | failed | dropped) and counters
 * </pre>
 *
 * <p>{@link #submit} only reads the database and queues: it never touches the network, and a full lane
 * drops rather than blocks. A dead receiver costs at most one worker for one timeout at a time, and
 * lanes take turns, so other owners' webhooks still go out. Secrets and URLs (which may hold a token)
 * never reach the log: a webhook is named by its id.
 */
public final class WebhookDispatcher implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery in memory: its body is fixed, its timestamp and signature are made per try. */
    private static final class Delivery {
        final String id;
        final long webhookId;
        final String kind;
        final byte[] body;
        int attempts;

        Delivery(String id, long webhookId, String kind, byte[] body) {
            this.id = id;
            this.webhookId = webhookId;
            this.kind = kind;
            this.body = body;
        }
    }

    /** A webhook's deliveries: pending ones in order, how many wait for a retry, whether one is in flight. */
    private static final class Lane {
        final ArrayDeque<Delivery> pending = new ArrayDeque<>();
        int waiting;
        boolean running;
    }

    private final Webhooks webhooks;
    private final DeliveryLog deliveryLog;
    private final WebhookUrlPolicy policy;
    private final WebhookSettings settings;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final WebhookPost post;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private volatile boolean closed;

    public WebhookDispatcher(Webhooks webhooks, DeliveryLog deliveryLog, WebhookUrlPolicy policy,
                             WebhookSettings settings, Clock clock) {
        this.webhooks = webhooks;
        this.deliveryLog = deliveryLog;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> daemon(r, "webhook-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-timers"));
        this.post = new WebhookPost(timers, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    public DeliveryLog deliveryLog() {
        return deliveryLog;
    }

    public WebhookUrlPolicy policy() {
        return policy;
    }

    /**
     * Queues a delivery of {@code kind} to each of the user's webhooks that chose it. {@code event} is
     * the API's EVENT (or null); {@code camera} the serial. Never blocks on the network.
     */
    public void submit(long userId, String kind, String camera, long atMillis, Object event) {
        if (closed) {
            return;
        }
        for (Webhooks.Target target : webhooks.receiving(userId, kind)) {
            enqueueNew(target.id(), kind, camera, atMillis, event);
        }
    }

    /** Queues a {@code test} delivery to the user's webhook; empty when it is not theirs. */
    public Optional<DeliveryLog.Entry> test(long userId, long webhookId) {
        if (webhooks.find(userId, webhookId).isEmpty()) {
            return Optional.empty();
        }
        String id = enqueueNew(webhookId, WebhookKind.TEST, null, clock.millis(), null);
        return Optional.ofNullable(deliveryLog.find(id));
    }

    private String enqueueNew(long webhookId, String kind, String camera, long atMillis, Object event) {
        String id = UUID.randomUUID().toString();
        Delivery d = new Delivery(id, webhookId, kind, body(id, kind, camera, atMillis, event));
        Lane lane = lanes.computeIfAbsent(webhookId, w -> new Lane());
        boolean full;
        synchronized (lane) {
            full = lane.pending.size() + lane.waiting >= settings.queuePerWebhook();
            if (!full) {
                lane.waiting++; // held until it is in the lane, so the room it takes is counted now
            }
        }
        if (full) {
            dropped.increment();
            deliveryLog.created(id, webhookId, kind, Status.DROPPED, clock.millis());
            log.debug("webhook {}: queue full ({} waiting), delivery {} dropped", webhookId,
                    settings.queuePerWebhook(), id);
            return id;
        }
        if (!deliveryLog.created(id, webhookId, kind, Status.RETRYING, clock.millis())) {
            synchronized (lane) {
                lane.waiting--; // deleted meanwhile
            }
            return id;
        }
        toLane(lane, d);
        return id;
    }

    /** Moves a delivery whose room was counted in {@code waiting} into the lane, starting it if idle. */
    private void toLane(Lane lane, Delivery d) {
        boolean start;
        synchronized (lane) {
            lane.waiting--;
            lane.pending.addLast(d);
            start = !lane.running;
            lane.running = true;
        }
        if (start) {
            schedule(lane);
        }
    }

    private void schedule(Lane lane) {
        try {
            workers.execute(() -> drainOne(lane));
        } catch (RejectedExecutionException e) {
            synchronized (lane) {
                lane.running = false; // closing
            }
        }
    }

    /** Tries the lane's next delivery, then gives the worker back so that other lanes take their turn. */
    private void drainOne(Lane lane) {
        Delivery d;
        synchronized (lane) {
            d = lane.pending.pollFirst();
            if (d == null) {
                lane.running = false;
                return;
            }
        }
        try {
            attempt(lane, d);
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("webhook {}: delivery {} failed unexpectedly: {}", d.webhookId, d.id, e.toString());
            }
        }
        synchronized (lane) {
            if (lane.pending.isEmpty()) {
                lane.running = false;
                return;
            }
        }
        schedule(lane);
    }

    private void attempt(Lane lane, Delivery d) {
        Optional<Webhooks.Target> target = webhooks.target(d.webhookId);
        if (target.isEmpty() || closed) {
            return; // deleted: its log went with it
        }
        d.attempts++;
        WebhookPost.Outcome outcome;
        boolean retryable;
        try {
            WebhookUrlPolicy.Checked checked = policy.resolve(target.get().url());
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(WebhookSignature.DELIVERY, d.id);
            headers.put(WebhookSignature.TIMESTAMP, Long.toString(timestamp));
            headers.put(WebhookSignature.SIGNATURE, WebhookSignature.sign(target.get().secret(), timestamp, d.body));
            outcome = post.post(checked, headers, d.body, settings.timeout());
            retryable = outcome.retryable();
        } catch (WebhookUrlPolicy.Refused e) {
            outcome = new WebhookPost.Outcome(null, e.getMessage());
            retryable = e.temporary();
        }
        long now = clock.millis();
        String error = outcome.delivered() ? null : errorOf(outcome);
        if (outcome.delivered()) {
            delivered.increment();
            deliveryLog.update(d.id, Status.DELIVERED, d.attempts, outcome.httpStatus(), null, now);
        } else if (retryable && d.attempts < settings.attempts() && !closed) {
            retried.increment();
            deliveryLog.update(d.id, Status.RETRYING, d.attempts, outcome.httpStatus(), error, now);
            synchronized (lane) {
                lane.waiting++;
            }
            Duration wait = backoff(d.attempts);
            try {
                timers.schedule(() -> toLane(lane, d), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                synchronized (lane) {
                    lane.waiting--; // closing
                }
            }
        } else {
            failed.increment();
            deliveryLog.update(d.id, Status.FAILED, d.attempts, outcome.httpStatus(), error, now);
            log.info("webhook {}: delivery {} failed after {} tries: {}", d.webhookId, d.id, d.attempts, error);
        }
    }

    private static String errorOf(WebhookPost.Outcome o) {
        if (o.error() != null) {
            return o.error();
        }
        int status = o.httpStatus();
        if (status >= 300 && status < 400) {
            return "the receiver answered HTTP " + status + "; redirects are not followed";
        }
        return "the receiver answered HTTP " + status;
    }

    /** After try {@code n}: base · 4^(n−1), times 0.5 to 1.5 so that many retries do not arrive together. */
    Duration backoff(int n) {
        double factor = Math.pow(4, Math.min(n - 1, 10)) * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(1, (long) (settings.retryBase().toMillis() * factor)));
    }

    private static byte[] body(String id, String kind, String camera, long atMillis, Object event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("kind", kind);
        body.put("at", Instant.ofEpochMilli(atMillis).toString());
        body.put("camera", camera);
        body.put("event", event);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON", e);
        }
    }

    /** Deliveries that reached their receiver. */
    public long delivered() {
        return delivered.sum();
    }

    /** Deliveries given up: refused by the receiver, or every try failed. */
    public long failed() {
        return failed.sum();
    }

    /** Deliveries never tried because their webhook's queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Tries that failed and were retried. */
    public long retried() {
        return retried.sum();
    }

    /** {@code camcloud.webhooks.deliveries} by {@code outcome} (delivered, failed, dropped, retried). */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (var e : List.of(Map.entry("delivered", delivered), Map.entry("failed", failed),
                Map.entry("dropped", dropped), Map.entry("retried", retried))) {
            FunctionCounter.builder("camcloud.webhooks.deliveries", e.getValue(), LongAdder::sum)
                    .tag("outcome", e.getKey()).register(registry);
        }
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
