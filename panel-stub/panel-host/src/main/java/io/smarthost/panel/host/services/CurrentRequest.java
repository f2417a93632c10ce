package io.smarthost.panel.host.services;

import io.smarthost.panel.api.RequestContext;
import java.util.Optional;

/** The request or CLI invocation running on each thread, set by the web filters and the CLI. */
public final class CurrentRequest {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private CurrentRequest() {
    }

    public static Optional<RequestContext> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static void set(RequestContext context) {
        CURRENT.set(context);
    }

    public static void clear() {
        CURRENT.remove();
    }
}
