/**
 * The node's metrics: the Prometheus registry ({@link camcloud.cloud.metrics.NodeMetrics}, served at
 * {@code GET /metrics}) and the camera-facing meters read from counts the parts keep anyway
 * ({@link camcloud.cloud.metrics.NodeMeters}). Other parts publish their own meters through the
 * {@link io.micrometer.core.instrument.MeterRegistry} they are given (names start with {@code camcloud.}).
 */
package camcloud.cloud.metrics;
