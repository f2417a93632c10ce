package io.smarthost.panel.host.testing;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * One HTTP answer as tests see it.
 *
 * @param status HTTP status
 * @param body   the body as text
 */
public record HttpReply(int status, String body, HttpHeaders headers) {

    /** The {@code Location} header's path (and query), for redirects. */
    public Optional<String> location() {
        return headers.firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""));
    }

    @Override
    public String toString() {
        return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
}
