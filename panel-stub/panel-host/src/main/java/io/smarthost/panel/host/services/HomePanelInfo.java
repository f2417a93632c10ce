package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.PanelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** {@link PanelInfo} for one plugin; the base URL is known only once the web server is up. */
public record HomePanelInfo(String version, Path home, String pluginId, Supplier<String> baseUrlSource) implements PanelInfo {

    @Override
    public Path pluginDataDir() {
        Path dir = home.resolve("data").resolve("plugins").resolve(pluginId);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public Path mailSandbox() {
        return home.resolve("mail-sandbox");
    }

    @Override
    public String baseUrl() {
        return baseUrlSource.get();
    }
}
