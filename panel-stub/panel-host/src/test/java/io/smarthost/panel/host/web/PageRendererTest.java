package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageRendererTest {

    @TempDir
    Path dir;

    /** Class-path plugin mode: the host's panel-templates/ and the plugin's templates/ share one loader. */
    @Test
    void templatesAreCachedPerLoaderAndFolder() throws Exception {
        Files.createDirectories(dir.resolve("panel-templates"));
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("panel-templates/page.ftlh"), "host page");
        Files.writeString(dir.resolve("templates/page.ftlh"), "plugin page");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            // configuration() touches neither the panel nor the navigation
            PageRenderer renderer = new PageRenderer(null, null);
            assertEquals("host page", render(renderer, loader, "panel-templates"));
            assertEquals("plugin page", render(renderer, loader, "templates"), "the host folder's configuration was reused");
            assertEquals("host page", render(renderer, loader, "panel-templates"));
        }
    }

    private static String render(PageRenderer renderer, ClassLoader loader, String folder) throws Exception {
        StringWriter out = new StringWriter();
        renderer.configuration(loader, folder).getTemplate("page.ftlh").process(Map.of(), out);
        return out.toString();
    }
}
