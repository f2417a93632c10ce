package io.smarthost.panel.host.extensions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an {@code extension} command of a {@code panel bin} process to the running server of the same
 * home (see {@link ControlFile}), so that the live panel loads, starts and unloads the plugins itself.
 */
public final class ControlClient {

    /** The server's answer: what the command printed and its exit code. */
    public record Outcome(int exitCode, String out, String err) {
    }

    /** Header carrying the token. */
    public static final String TOKEN_HEADER = "X-Panel-Control-Token";
    /** The server's endpoint, relative to its base URL. */
    public static final String PATH = "/api/v2/internal/extension";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlClient() {
    }

    /**
     * Forwards {@code args} (the words after {@code extension}) when a server is running for this home.
     * Empty when no server answers (no control file, or its port refuses the connection): the caller
     * then acts on the files itself.
     *
     * @throws IOException when a server answered but the exchange failed (wrong token, timeout)
     */
    public static Optional<Outcome> forward(Path dataDir, List<String> args, Duration timeout) throws IOException {
        Optional<ControlFile> control = ControlFile.read(dataDir);
        if (control.isEmpty()) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(control.get().url() + PATH)).timeout(timeout)
                .header(TOKEN_HEADER, control.get().token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("args", args)))).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the panel server", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the panel server at " + control.get().url() + " refused the command (HTTP "
                    + response.statusCode() + "); if it was restarted, run the command again");
        }
        var node = JSON.readTree(response.body());
        return Optional.of(new Outcome(node.path("exitCode").asInt(1), node.path("out").asText(""), node.path("err").asText("")));
    }
}
