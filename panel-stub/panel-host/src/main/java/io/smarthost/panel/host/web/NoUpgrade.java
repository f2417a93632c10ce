package io.smarthost.panel.host.web;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Answers a request that asks to switch protocols ({@code Upgrade: h2c}, {@code websocket}...) as if it had not
 * asked: the panel speaks none of them, and RFC 9110 (7.8) lets a server ignore the header.
 *
 * <p>Without this, Grizzly answers such a request over HTTP/1.1 and then closes the connection without saying so
 * (no {@code Connection: close}). Java's {@code HttpClient} asks for {@code h2c} on every new {@code http://}
 * connection by default and reuses the connection after the answer: measured with 8 threads against the panel,
 * 4% of the requests failed ("HTTP/1.1 header parser received no bytes") and every request paid for a new
 * connection (about 600 requests/s against 1,400-1,900 with the same client kept on HTTP/1.1).
 */
final class NoUpgrade extends BaseFilter {

    private NoUpgrade() {
    }

    /** Adds the filter right after Grizzly's HTTP parser, which tells of an upgrade while it reads the header. */
    static AddOn grizzlyAddOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener listener, FilterChainBuilder builder) {
                int parser = builder.indexOfType(HttpServerFilter.class);
                if (parser >= 0) {
                    builder.add(parser + 1, new NoUpgrade());
                }
            }
        };
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            // what the parser did for the upgrade, undone before the body (if any) is read: no upgrade (the
            // connection is kept alive after the answer), the body decoded as any other
            header.getUpgradeDC().recycle();
            header.setIgnoreContentModifiers(false);
            header.getHeaders().removeHeader("Upgrade");
            header.getHeaders().removeHeader("HTTP2-Settings");
            // "Connection: Upgrade, close": the close the client asked for still holds (Grizzly closes only on a
            // header that says "close" alone)
            String connection = header.getHeader("Connection");
            if (connection != null) {
                String kept = java.util.Arrays.stream(connection.split(",")).map(String::strip)
                        .filter(t -> !t.isEmpty() && !t.equalsIgnoreCase("upgrade") && !t.equalsIgnoreCase("http2-settings"))
                        .collect(java.util.stream.Collectors.joining(", "));
                header.getHeaders().removeHeader("Connection");
                if (!kept.isEmpty()) {
                    header.setHeader("Connection", kept);
                }
            }
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }
}
