package io.smarthost.panel.host.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.extensions.ExtensionControlApi;
import io.smarthost.panel.host.extensions.ExtensionsPage;
import io.smarthost.panel.host.ini.HostIniKeys;
import io.smarthost.panel.host.web.api.HostApi;
import io.smarthost.panel.host.web.pages.DashboardPage;
import io.smarthost.panel.host.web.pages.DomainPages;
import io.smarthost.panel.host.web.pages.LoginPage;
import io.smarthost.panel.host.web.pages.StaticFiles;
import io.smarthost.panel.host.web.pages.ToolsPage;
import jakarta.ws.rs.ext.ContextResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's web server: Jersey on Grizzly, configured once. Host pages and API, the plugin mount
 * points, the security filters and the view rendering are registered here.
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Jersey and Grizzly log through java.util.logging; held here so the levels stick. */
    private static final java.util.logging.Logger JERSEY_PROVIDERS = quiet("org.glassfish.jersey.internal.inject.Providers",
            java.util.logging.Level.SEVERE);
    private static final java.util.logging.Logger GLASSFISH = quiet("org.glassfish", java.util.logging.Level.WARNING);

    private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }
    private final HttpServer server;
    private final String baseUrl;
    private final Sessions sessions;

    private WebServer(HttpServer server, String baseUrl, Sessions sessions) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.sessions = sessions;
    }

    public static WebServer start(Panel panel, String bind, int port) {
        int actualPort = port == 0 ? freePort(bind) : port;
        Sessions sessions = new Sessions(Duration.ofMinutes(panel.ini().getInt(HostIniKeys.SESSION_MINUTES)),
                Clock.systemUTC());
        Navigation navigation = new Navigation(panel);
        PageRenderer renderer = new PageRenderer(panel, navigation);
        ResourceConfig config = new ResourceConfig();
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        config.register(JacksonFeature.withoutExceptionMappers());
        // request bodies are read strictly (one value, bounded nesting, no NaN): StrictJson
        ObjectMapper json = io.smarthost.panel.host.json.StrictJson.builder().addModule(new Jdk8Module())
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
        config.register((ContextResolver<ObjectMapper>) type -> json);
        config.register(new AuthFilter(panel, sessions));
        config.register(new BodyLimit(panel));
        config.register(new AccessFilter(panel));
        config.register(new ResponseFilter(renderer));
        config.register(new ErrorMappers.WebErrors());
        config.register(new ErrorMappers.ValidationErrors());
        config.register(new ErrorMappers.InputErrors());
        config.register(new ErrorMappers.JsonBodyErrors());
        config.register(new ErrorMappers.EntityErrors(ErrorMappers.databaseServer(panel.jdbc().database())));
        config.register(new ErrorMappers.Unexpected(ErrorMappers.databaseServer(panel.jdbc().database())));
        config.register(new PluginRoutes.Pages(panel));
        config.register(new PluginRoutes.Rest(panel));
        config.register(new LoginPage(panel, sessions));
        config.register(new DashboardPage(panel));
        config.register(new DomainPages(panel, navigation));
        config.register(new ToolsPage(panel, navigation));
        config.register(new StaticFiles());
        config.register(new HostApi(panel));
        config.register(new ExtensionControlApi(panel));
        config.register(new ExtensionsPage(panel));
        String base = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + actualPort;
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create(base + "/"), config, false);
        server.getListeners().forEach(listener -> {
            listener.registerAddOn(BodyLimit.grizzlyAddOn());
            listener.registerAddOn(NoUpgrade.grizzlyAddOn());
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + base + " (" + e.getMessage() + "); set [web] port in panel.ini "
                    + "or use --port", e);
        }
        LOG.info("Panel listening on {}", base);
        return new WebServer(server, base, sessions);
    }

    private static int freePort(String bind) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bind))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bind, e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The base URL a process on this machine uses: 127.0.0.1 when listening on every address. */
    public String localUrl() {
        return baseUrl.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://127.0.0.1:")
                .replace("://[0:0:0:0:0:0:0:0]:", "://127.0.0.1:");
    }

    public Sessions sessions() {
        return sessions;
    }

    public void stop() {
        server.shutdownNow();
    }
}
