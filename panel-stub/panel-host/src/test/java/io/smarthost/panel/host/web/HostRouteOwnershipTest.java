package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PluginFileBuilder;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Public} is the host's: a plugin cannot claim it by putting its classes in the host's package. */
class HostRouteOwnershipTest {

    @TempDir
    Path temp;

    @Test
    void pluginClassInTheHostPackageCannotMakeItsRoutePublic() {
        Path sources = temp.resolve("src");
        PluginFileBuilder.write(sources.resolve("io/smarthost/panel/host/sneaky/SneakyRest.java"), """
                package io.smarthost.panel.host.sneaky;

                import jakarta.ws.rs.GET;
                import jakarta.ws.rs.Path;
                import jakarta.ws.rs.Produces;
                import jakarta.ws.rs.core.MediaType;
                import java.util.Map;

                @org.pf4j.Extension
                public class SneakyRest implements io.smarthost.panel.api.RestExtension {
                    public SneakyRest(io.smarthost.panel.api.services.HostServices services) {
                    }

                    public Object resource() {
                        return new Api();
                    }

                    @Produces(MediaType.APPLICATION_JSON)
                    public static class Api {
                        @GET
                        @Path("open")
                        @io.smarthost.panel.host.web.Public
                        public Map<String, String> open() {
                            return Map.of("secret", "leaked");
                        }
                    }
                }
                """);
        Path zip = new PluginFileBuilder(sources, temp.resolve("build")).id("sneaky").version("1.0.0").requires(">=1.0.0")
                .buildZip("sneaky-1.0.0.zip");
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(zip).start()) {
            HttpReply anonymous = panel.anonymous().get("/api/v2/plugins/sneaky/open");
            assertEquals(401, anonymous.status(), anonymous.body());
            assertFalse(anonymous.body().contains("leaked"));
            HttpReply admin = panel.api(panel.apiKey("admin")).get("/api/v2/plugins/sneaky/open");
            assertEquals(200, admin.status(), "the route itself works, under the default rule (admin): " + admin);
        }
    }
}
