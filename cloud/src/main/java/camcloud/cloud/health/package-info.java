/**
 * The node's health ({@code GET /health}): named {@link camcloud.cloud.health.HealthCheck}s every
 * part registers with {@link camcloud.cloud.health.HealthChecks} (database, store, disk, recorder
 * backlog…), run with a time limit and cached briefly so probes never pile up on a hanging engine.
 */
package camcloud.cloud.health;
