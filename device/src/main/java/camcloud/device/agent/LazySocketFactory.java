package camcloud.device.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} made on first use: every camera's system software keeps one for
 * bundle downloads, which most cameras of a fleet never make, and a JDK TLS context (with its session
 * cache) for each of 18,000 idle cameras is memory for nothing.
 */
final class LazySocketFactory extends SSLSocketFactory {

    private final Supplier<SSLSocketFactory> make;
    private volatile SSLSocketFactory made;

    LazySocketFactory(Supplier<SSLSocketFactory> make) {
        this.make = make;
    }

    private SSLSocketFactory factory() {
        SSLSocketFactory f = made;
        if (f == null) {
            synchronized (this) {
                f = made;
                if (f == null) {
                    f = make.get();
                    made = f;
                }
            }
        }
        return f;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return factory().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return factory().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return factory().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return factory().createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return factory().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return factory().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return factory().createSocket(address, port, localAddress, localPort);
    }
}
