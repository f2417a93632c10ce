package io.smarthost.panel.host.extensions;

import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.extensions.catalog.Catalog;
import io.smarthost.panel.host.extensions.catalog.CatalogException;
import io.smarthost.panel.host.extensions.catalog.ExtensionInstaller;
import io.smarthost.panel.host.extensions.catalog.Fetcher;
import io.smarthost.panel.host.extensions.catalog.PluginArchive;
import io.smarthost.panel.host.ini.HostIniKeys;
import io.smarthost.panel.host.plugins.ArchiveLimits;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import io.smarthost.panel.host.plugins.PluginFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The extensions of one open panel, changed while it runs: install (from a catalogue or a local
 * file), update, enable, disable and uninstall. Every change goes through the live plugin manager
 * (stop, unload, load, start, no restart) and is recorded in the host's action log. The web page, the
 * CLI and the CLI-to-server control endpoint all call this class. One change at a time.
 *
 * <p>panel.ini: {@code [extensions] repositories} (comma-separated paths or URLs of
 * {@code plugins.json} indexes or of folders holding one) is read at each call; the download limits
 * {@code connect_timeout_seconds} (10), {@code read_timeout_seconds} (60), {@code max_size_mb} (64)
 * when the panel opens.
 */
public final class PanelExtensions {

    private final Panel panel;
    private final ExtensionInstaller installer;

    public PanelExtensions(Panel panel) {
        this.panel = panel;
        this.installer = new ExtensionInstaller(panel.plugins(), panel.home().plugins(),
                panel.home().data().resolve("extensions-staging"), Panel.version(), this::repositories,
                fetcher(panel), () -> panel.settings().restrictedMode(),
                panel.services(PanelPluginManager.HOST_ID).actionLog(), panel.plugins()::archiveLimits);
    }

    /** An installed plugin as shown to admins. */
    public record Installed(String id, String version, String provider, String state, String file) {
    }

    public List<Installed> installed() {
        return panel.plugins().getPlugins().stream()
                .map(p -> new Installed(p.getPluginId(), p.getDescriptor().getVersion(),
                        String.valueOf(p.getDescriptor().getProvider()), p.getPluginState().toString().toLowerCase(Locale.ROOT),
                        p.getPluginPath().getFileName().toString()))
                .sorted(java.util.Comparator.comparing(Installed::id)).toList();
    }

    /** The configured catalogue indexes; empty when none is configured. */
    public List<URI> repositories() {
        String value = panel.ini().value(HostIniKeys.REPOSITORIES);
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Catalog::indexUri).toList();
    }

    public List<ExtensionInstaller.Row> catalog() throws CatalogException {
        return installer.catalog();
    }

    public String install(String id, Optional<String> version) throws CatalogException {
        return installer.install(id, version);
    }

    /** Installs a local plugin file (allowed in restricted mode: the caller has file access). */
    public PluginArchive.Descriptor installFile(Path file) throws CatalogException {
        PluginFile declared;
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                panel.plugins().archiveLimits().check(file); // before anything reads the file's entries
            }
            declared = PluginFile.read(file);
        } catch (ArchiveLimits.Refused e) {
            throw new CatalogException("file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(e.getMessage());
        }
        if (!declared.hasExtensionIndex()) {
            throw new CatalogException("file: " + file.getFileName() + " contains no META-INF/extensions.idx, so the panel "
                    + "would find none of its extensions; build it with PF4J's annotation processor");
        }
        return installer.installFile(file);
    }

    public String update(String id) throws CatalogException {
        return installer.update(id);
    }

    public List<String> updateAll() throws CatalogException {
        return installer.updateAll();
    }

    public void uninstall(String id) throws CatalogException {
        installer.uninstall(id);
    }

    /** Enables and starts a plugin now (and at later starts: plugins/disabled.txt). */
    public void enable(String id) throws CatalogException {
        synchronized (installer) {
            PluginWrapper plugin = installed(id);
            if (!panel.plugins().enablePlugin(id)) {
                throw new CatalogException("could not enable " + id + ": see the panel log");
            }
            PluginState state = startQuietly(id);
            panel.services(PanelPluginManager.HOST_ID).actionLog().record("extension.enabled", id,
                    Map.of("version", plugin.getDescriptor().getVersion(), "state", state.toString().toLowerCase(Locale.ROOT)));
            if (state != PluginState.STARTED) {
                throw new CatalogException(id + " is enabled but did not start (state " + state.toString().toLowerCase(Locale.ROOT)
                        + "): see the panel log");
            }
        }
    }

    /** Stops a plugin now and keeps it off at later starts. */
    public void disable(String id) throws CatalogException {
        synchronized (installer) {
            PluginWrapper plugin = installed(id);
            if (!panel.plugins().disablePlugin(id)) {
                throw new CatalogException("could not disable " + id + ": see the panel log");
            }
            panel.services(PanelPluginManager.HOST_ID).actionLog().record("extension.disabled", id,
                    Map.of("version", plugin.getDescriptor().getVersion()));
        }
    }

    private PluginState startQuietly(String id) {
        try {
            return panel.plugins().startPlugin(id);
        } catch (RuntimeException e) {
            // PF4J lets an exception from Plugin.start() through: the plugin stays installed, not started
            return panel.plugins().getPlugin(id).getPluginState();
        }
    }

    private PluginWrapper installed(String id) throws CatalogException {
        PluginWrapper plugin = panel.plugins().getPlugin(id);
        if (plugin == null) {
            throw new CatalogException("id: no installed plugin '" + id + "'; see panel bin extension --list");
        }
        return plugin;
    }

    private static Fetcher fetcher(Panel panel) {
        var ini = panel.ini();
        return new Fetcher(Duration.ofSeconds(ini.getInt(HostIniKeys.CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(ini.getInt(HostIniKeys.READ_TIMEOUT_SECONDS)),
                ini.getInt(HostIniKeys.MAX_SIZE_MB) * 1024L * 1024L);
    }
}
