/**
 * JMH benchmarks beside the code they measure. {@code mvn verify} only compiles them; run them with
 * {@code mvn -B -q -pl microbench -am package -DskipTests && java -jar microbench/target/benchmarks.jar}.
 * {@link camcloud.microbench.FramePathBenchmark}: one frame through the recorder and live, before
 * and after the zero-copy frame path.
 */
package camcloud.microbench;
