package camcloud.cli.bench.cluster;

import camcloud.cli.bench.host.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Several {@link NodeProcess}es of one cloud: the same settings (database, store, …) and the same
 * secrets. The first node makes the secrets at its first start; every other node's data directory
 * gets a copy before it starts, as an operator deploying N nodes does:
 *
 * <ul>
 *   <li>{@code pki/ca.crt}, {@code pki/ca.key}: the platform CA that issued every camera's
 *       certificate (each node issues its own gateway certificate from it);</li>
 *   <li>{@code operator-token}: the operator's bearer token and the factory's provisioning secret;</li>
 *   <li>{@code firmware/offer.key}, {@code offer.pub}, {@code link.secret}: the firmware-offer key
 *       cameras pinned and the secret of download links;</li>
 *   <li>{@code firmware/trust/*.pub}: the bundle signing keys the cloud accepts.</li>
 * </ul>
 */
public final class Nodes implements AutoCloseable {

    /** The files every node must share, relative to a data directory. */
    public static final List<String> SHARED_FILES = List.of("pki/ca.crt", "pki/ca.key", "operator-token",
            "firmware/offer.key", "firmware/offer.pub", "firmware/link.secret");
    /** A directory whose {@code .pub} files every node must share too. */
    public static final String SHARED_TRUST_DIR = "firmware/trust";

    private final List<NodeProcess> nodes;

    private Nodes(List<NodeProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Makes {@code count} nodes under {@code dir} ({@code dir/node1} …, ids {@code node1} …) with
     * {@code settings}; none runs yet. Put files into {@code get(0).dataDir()} (trusted keys, say)
     * before {@link #startAll()} to have them shared too.
     */
    public static Nodes create(Path dir, int count, Map<String, String> settings) throws IOException {
        return create(dir, count, settings, List.of("-Xmx256m"));
    }

    /** The same with each node JVM's own options ({@code -Xmx2g}, say). */
    public static Nodes create(Path dir, int count, Map<String, String> settings, List<String> jvmOptions)
            throws IOException {
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(new NodeProcess("node" + i, dir.resolve("node" + i), settings, jvmOptions));
        }
        return new Nodes(List.copyOf(nodes));
    }

    /**
     * Starts the first node (it makes the secrets and the database schema), copies the secrets to
     * the others, then starts those together.
     */
    public Nodes startAll() throws IOException, InterruptedException {
        NodeProcess first = nodes.get(0);
        first.start();
        List<CompletableFuture<NodeProcess>> others = new ArrayList<>();
        for (NodeProcess other : nodes.subList(1, nodes.size())) {
            copySecrets(first.dataDir(), other.dataDir());
            others.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return other.start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
                    : new IOException("a node did not start", e.getCause());
        }
        return this;
    }

    /** Copies what nodes must share from one data directory to another. */
    public static void copySecrets(Path from, Path to) throws IOException {
        for (String name : SHARED_FILES) {
            Path source = from.resolve(name);
            if (!Files.exists(source)) {
                throw new IOException(source + " is missing: the first node did not make it");
            }
            Path target = to.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path trust = from.resolve(SHARED_TRUST_DIR);
        if (Files.isDirectory(trust)) {
            Files.createDirectories(to.resolve(SHARED_TRUST_DIR));
            try (Stream<Path> keys = Files.list(trust)) {
                for (Path key : keys.filter(p -> p.getFileName().toString().endsWith(".pub")).toList()) {
                    Files.copy(key, to.resolve(SHARED_TRUST_DIR).resolve(key.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public NodeProcess get(int index) {
        return nodes.get(index);
    }

    public List<NodeProcess> all() {
        return nodes;
    }

    /** The nodes' camera gateway ports, for the load balancer. */
    public List<Integer> gatewayPorts() {
        return nodes.stream().map(NodeProcess::gatewayPort).toList();
    }

    /** The operator token they share. */
    public String operatorToken() throws IOException {
        return Files.readString(nodes.get(0).dataDir().resolve("operator-token")).strip();
    }

    /** Every node's logs, for a failure message. */
    public String logs() {
        StringBuilder all = new StringBuilder();
        for (NodeProcess node : nodes) {
            try {
                all.append(node.allLogs());
            } catch (IOException e) {
                all.append("(log of ").append(node.id()).append(" unreadable: ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.kill();
        }
    }
}
