package io.smarthost.panel.host.extensions;

import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.cli.PanelCli;
import io.smarthost.panel.host.web.Public;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v2/internal/extension}: runs {@code panel bin extension ARGS} inside the running
 * server, for a {@code panel bin} process of the same home. Not for people or API keys: it is
 * authenticated only by the host-private token of {@link ControlFile} in the
 * {@value ControlClient#TOKEN_HEADER} header; anything else gets 404, as if the route did not exist.
 */
@Path("api/v2/internal/extension")
@Public
public final class ExtensionControlApi {

    private final Panel panel;

    public ExtensionControlApi(Panel panel) {
        this.panel = panel;
    }

    /** The request body. */
    public record Command(List<String> args) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@HeaderParam(ControlClient.TOKEN_HEADER) String token, Command command) {
        if (panel.control().filter(c -> c.accepts(token)).isEmpty()) {
            return Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("errors", List.of(Map.of("message", "not found")))).build();
        }
        List<String> words = new ArrayList<>();
        words.add("extension");
        words.addAll(command == null || command.args() == null ? List.of() : command.args());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new PanelCli(panel).run(words, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return Response.ok(Map.of("exitCode", code, "out", out.toString(StandardCharsets.UTF_8),
                "err", err.toString(StandardCharsets.UTF_8))).type(MediaType.APPLICATION_JSON).build();
    }
}
