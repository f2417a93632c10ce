package io.smarthost.panel.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP client against a test panel that behaves like a browser session: keeps cookies, does
 * not follow redirects (tests look at them), and remembers the CSRF token of the last page it saw
 * (the layout's {@code <meta name="csrf-token">}), adding it to every form post. With an API key it
 * sends {@code X-API-Key} instead.
 */
public final class PanelClient {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\"");
    private final String baseUrl;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final String apiKey;
    private String csrfToken = "";

    PanelClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        // HTTP/1.1: the JDK client's h2c upgrade on a POST with a body stalls Grizzly
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The {@code Cookie} header this session sends (for tests that write a request on a raw socket). */
    public String cookieHeader() {
        return cookies.getCookieStore().get(URI.create(baseUrl)).stream().map(Object::toString).collect(Collectors.joining("; "));
    }

    /** The CSRF token of this session (as last seen on a page). */
    public String csrfToken() {
        return csrfToken;
    }

    public HttpReply get(String path) {
        return send(request(path).GET().header("Accept", path.startsWith("/api/") ? "application/json" : "text/html"));
    }

    /** A form post with this session's {@code _csrf} field added. */
    public HttpReply post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.putIfAbsent("_csrf", csrfToken);
        return postRaw(path, fields);
    }

    /** A form post exactly as given (no CSRF token added). */
    public HttpReply postRaw(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON request; with a session it carries the {@code X-CSRF-Token} header. */
    public HttpReply json(String method, String path, String json) {
        return json(method, path, json, true);
    }

    /** A JSON request; {@code withCsrf=false} leaves the session's CSRF header out (to prove the refusal). */
    public HttpReply json(String method, String path, String json, boolean withCsrf) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf && apiKey == null && !csrfToken.isEmpty()) {
            b.header("X-CSRF-Token", csrfToken);
        }
        return send(b);
    }

    /** Any method with no body and no CSRF token (to prove refusals). */
    public HttpReply bare(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return b;
    }

    private HttpReply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrfToken = m.group(1);
            }
            return new HttpReply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
