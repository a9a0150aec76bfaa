package camcloud.cloud.api;

import camcloud.cloud.health.HealthCheck;
import camcloud.cloud.health.HealthChecks;
import camcloud.cloud.metrics.NodeMetrics;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's operations endpoints.
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format, for the operator only
 *       ({@code Authorization: Bearer <operator token>}: Prometheus's {@code authorization} setting);</li>
 *   <li>{@code GET /health}: no authentication (load balancers and orchestrators ask it), so it says
 *       only component names, up or down, and a few words of our own: 200
 *       {@code {"status":"ok","checks":{...}}} when every check is up, else 503
 *       {@code {"status":"down",...}} with the failing checks' reasons.</li>
 * </ul>
 */
final class OperationsRoutes {

    private final NodeMetrics metrics;
    private final HealthChecks health;
    private final OperatorAuth operator;

    OperationsRoutes(NodeMetrics metrics, HealthChecks health, String operatorToken) {
        this.metrics = metrics;
        this.health = health;
        this.operator = new OperatorAuth(operatorToken);
    }

    void addTo(Javalin app) {
        app.get("/metrics", ctx -> {
            operator.require(ctx);
            ctx.header("Cache-Control", "no-store");
            ctx.contentType(NodeMetrics.CONTENT_TYPE).result(metrics.scrape());
        });
        app.get("/health", ctx -> {
            HealthChecks.Report report = health.report();
            Map<String, Object> checks = new LinkedHashMap<>();
            report.checks().forEach((name, status) -> checks.put(name, json(status)));
            ctx.header("Cache-Control", "no-store");
            ctx.status(report.ok() ? 200 : 503).json(Map.of("status", report.ok() ? "ok" : "down", "checks", checks));
        });
    }

    private static Map<String, String> json(HealthCheck.Status status) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("status", status.ok() ? "ok" : "down");
        if (!status.detail().isEmpty()) {
            out.put(status.ok() ? "detail" : "reason", status.detail());
        }
        return out;
    }
}
