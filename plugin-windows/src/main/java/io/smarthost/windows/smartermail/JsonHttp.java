package io.smarthost.windows.smartermail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP with the JDK's client: one request, one parsed reply. Knows nothing of SmarterMail's
 * paths or fields. Logs method, path and status only: bodies may carry passwords and tokens.
 */
final class JsonHttp {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;

    JsonHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    record Reply(int status, JsonNode body) {
    }

    /** Sends {@code body} (GET when null) with an optional bearer token. */
    Reply send(String method, URI uri, JsonNode body, Optional<String> bearer) throws SmarterMailException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json");
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        String call = method + " " + uri.getPath();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            LOG.debug("SmarterMail {} -> {}", call, response.statusCode());
            return new Reply(response.statusCode(), parse(response.body()));
        } catch (HttpTimeoutException e) {
            throw new SmarterMailException(0, call + ": SmarterMail did not answer within " + timeout.toSeconds()
                    + " s (raise [mail] smarthost.smartermail.timeout if the server is slow)", e);
        } catch (ConnectException e) {
            throw new SmarterMailException(0, call + ": cannot connect to " + uri.getHost() + ":" + port(uri)
                    + " (is SmarterMail's web interface reachable at that address?)", e);
        } catch (IOException e) {
            throw new SmarterMailException(0, call + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmarterMailException(0, call + ": interrupted", e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
