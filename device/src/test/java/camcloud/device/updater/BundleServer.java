package camcloud.device.updater;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP server for one bundle with Range support and scripted faults: the first
 * {@code faultyResponses} responses either end early (after {@code cutAfter} bytes) or stall.
 */
final class BundleServer implements AutoCloseable {

    enum Fault { NONE, TRUNCATE, STALL }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final byte[] bundle;
    private final Fault fault;
    private final int faultyResponses;
    private final int cutAfter;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger rangeRequests = new AtomicInteger();

    BundleServer(byte[] bundle, Fault fault, int faultyResponses, int cutAfter) throws IOException {
        this.bundle = bundle;
        this.fault = fault;
        this.faultyResponses = faultyResponses;
        this.cutAfter = cutAfter;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bundle", this::serve);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bundle";
    }

    private void serve(HttpExchange exchange) throws IOException {
        int n = requests.incrementAndGet();
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
                rangeRequests.incrementAndGet();
            }
        }
        int length = bundle.length - from;
        if (from > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bundle.length - 1) + "/" + bundle.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        try (OutputStream out = exchange.getResponseBody()) {
            boolean faulty = n <= faultyResponses;
            if (faulty && fault == Fault.TRUNCATE) {
                out.write(bundle, from, Math.min(cutAfter, length));
                out.flush();
                throw new IOException("cut");
            }
            if (faulty && fault == Fault.STALL) {
                out.write(bundle, from, Math.min(cutAfter, length));
                out.flush();
                Thread.sleep(3_000);
                throw new IOException("stalled");
            }
            out.write(bundle, from, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
