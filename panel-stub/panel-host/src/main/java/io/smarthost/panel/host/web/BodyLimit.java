package io.smarthost.panel.host.web;

import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.ini.HostIniKeys;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * The request body limit, {@code [web] max_body_kb} (read at each request): a body announced larger
 * ({@code Content-Length}) is answered 413 before a byte of it is read; a body without a length
 * (chunked) is read through a counter that fails the read once it passes the limit, also answered 413.
 * Either way the answer closes the connection, and Grizzly is told ({@link #grizzlyAddOn}) not to read
 * and discard more than {@link #SKIP_LIMIT} of an unread remainder to keep a connection: so a refused
 * 300 MB upload costs the panel a few KB of memory and is not read to its end.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
final class BodyLimit implements ContainerRequestFilter {

    /** An unread body remainder longer than this closes the connection instead of being read and dropped. */
    static final long SKIP_LIMIT = 64 * 1024;

    private final Panel panel;

    BodyLimit(Panel panel) {
        this.panel = panel;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        int limitKb = panel.ini().getInt(HostIniKeys.MAX_BODY_KB);
        long limit = limitKb * 1024L;
        RequestState state = RequestState.of(request);
        String lang = Optional.ofNullable(state).map(RequestState::lang).orElse("en");
        boolean api = WebPaths.isApi(request);
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && announcedLength(length) > limit) {
            request.abortWith(response(panel, limitKb, lang, api, state));
            return;
        }
        request.setEntityStream(new Counted(request.getEntityStream(), limit,
                () -> new TooLarge(response(panel, limitKb, lang, api, state))));
    }

    private static long announcedLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Grizzly accepted it, so it was a number too large for a long
        }
    }

    /** 413 with a sentence in the caller's language, JSON on /api, a page elsewhere; the connection is closed. */
    static Response response(Panel panel, int limitKb, String lang, boolean api, RequestState state) {
        Locale locale = Locale.forLanguageTag(lang);
        String message = panel.hostMessages().get(locale, "error.bodyTooLarge.text", String.valueOf(limitKb));
        Response answer = api ? JsonErrors.response(413, "body", message)
                : ErrorPages.page(state, 413, "bodyTooLarge", String.valueOf(limitKb));
        return Response.fromResponse(answer).header("Connection", "close").build();
    }

    /** The limit found in a failure reading an entity (Jackson, Jersey and plugins wrap it), if it is there. */
    static Optional<TooLarge> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }

    /** Sets Grizzly's limit on the unread remainder of a body it drains to keep a connection alive. */
    static AddOn grizzlyAddOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener listener, org.glassfish.grizzly.filterchain.FilterChainBuilder builder) {
                int index = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
                if (index >= 0) {
                    ((HttpCodecFilter) builder.get(index)).setMaxPayloadRemainderToSkip(SKIP_LIMIT);
                }
            }
        };
    }

    /**
     * A body past the limit, with its 413 answer. Unchecked, so that Jersey maps it wherever the body is read
     * (Jersey does not map its own {@code ProcessingException} from buffering a form); Jackson wraps it in
     * its own exception, in which the mappers look for it.
     */
    static final class TooLarge extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        TooLarge(Response response) {
            super("request body larger than the limit", response);
        }
    }

    /** Counts what is read; past the limit every read fails. */
    static final class Counted extends FilterInputStream {
        private final long limit;
        private final java.util.function.Supplier<TooLarge> failure;
        private long count;

        Counted(InputStream in, long limit, java.util.function.Supplier<TooLarge> failure) {
            super(in);
            this.limit = limit;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = super.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            // never read more than one byte past the limit: enough to know it is passed
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                check(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return n <= 0 ? 0 : Math.max(read(new byte[(int) Math.min(n, 8192)]), 0);
        }

        private void check(int read) {
            count += read;
            if (count > limit) {
                throw failure.get();
            }
        }
    }
}
