package camcloud.cloud.api;

import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * {@code HEAD} answers what {@code GET} would, for every API route at once: the request goes to the
 * {@code GET} handler (which checks the session, the camera, the parameters as for a {@code GET}), so
 * the status and headers — {@code Content-Type}, {@code Content-Length}, {@code Content-Range},
 * errors — are the {@code GET}'s; Jetty, which still knows the request is a {@code HEAD}, sends no
 * body. Without this, Javalin answers a {@code HEAD} on any {@code GET} route with an empty 200
 * before any handler runs — signed in or not, camera or not.
 *
 * <pre>{@code
 * servletContextHandler.addFilter(new FilterHolder(new HeadAsGet()), "/api/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>Handlers that stream a large body (a recorded segment, an export, a firmware bundle) ask
 * {@link #isHead} after setting their headers and stop there, so a {@code HEAD} reads no video. A
 * {@code HEAD} that asks for a WebSocket is left alone: a WebSocket handshake is a {@code GET} and
 * only a {@code GET}.
 */
final class HeadAsGet implements Filter {

    private static final String MARK = HeadAsGet.class.getName();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && "HEAD".equals(http.getMethod()) && !webSocket(http)) {
            http.setAttribute(MARK, Boolean.TRUE);
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getMethod() {
                    return "GET";
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A WebSocket handshake: not served as a {@code GET}, so a {@code HEAD} can never be upgraded. (Other
     * {@code Upgrade} offers, such as the {@code h2c} of an HTTP/2 client, do not matter here.)
     */
    private static boolean webSocket(HttpServletRequest http) {
        String upgrade = http.getHeader("Upgrade");
        return http.getHeader("Sec-WebSocket-Key") != null
                || (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket"));
    }

    /** True when the request is a {@code HEAD} served by its {@code GET} handler: set the headers, write no body. */
    static boolean isHead(Context ctx) {
        return ctx.req().getAttribute(MARK) != null;
    }

    /** The method the client sent, for the request log. */
    static String method(Context ctx) {
        return isHead(ctx) ? "HEAD" : ctx.method().name();
    }
}
