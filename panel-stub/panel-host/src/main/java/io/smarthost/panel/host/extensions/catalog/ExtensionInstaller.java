package io.smarthost.panel.host.extensions.catalog;

import io.smarthost.panel.host.plugins.ArchiveLimits;
import io.smarthost.panel.host.plugins.PluginFailures;

import io.smarthost.panel.api.services.ActionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Installs, updates and removes plugins from the configured catalogues while the panel runs.
 *
 * <p>A release is fetched into a staging folder, its checksum and archive are verified, and only then
 * does it replace the installed version: the old version is stopped and set aside, the new one loaded
 * and started; if it does not reach STARTED, it is removed again and the old version is put back and
 * started. Serialised: one change at a time.
 */
public final class ExtensionInstaller {

    private final PluginManager plugins;
    private final Path pluginsDir;
    private final Path stagingDir;
    private final String panelVersion;
    private final Supplier<List<URI>> repositories;
    private final Fetcher fetcher;
    private final BooleanSupplier restrictedMode;
    private final ActionLog actionLog;
    private final Supplier<ArchiveLimits> limits;

    /**
     * @param plugins        the panel's running plugin manager
     * @param pluginsDir     {@code <home>/plugins}
     * @param stagingDir     a folder outside {@code plugins/} for downloads and set-aside versions
     * @param panelVersion   what {@code requires} is checked against
     * @param repositories   the configured catalogue indexes, read at each call (panel.ini may change)
     * @param fetcher        downloads with timeouts and a size cap
     * @param restrictedMode while true, installs and updates from catalogues are refused
     * @param actionLog      where every change is recorded
     */
    public ExtensionInstaller(PluginManager plugins, Path pluginsDir, Path stagingDir, String panelVersion,
                              Supplier<List<URI>> repositories, Fetcher fetcher, BooleanSupplier restrictedMode,
                              ActionLog actionLog) {
        this(plugins, pluginsDir, stagingDir, panelVersion, repositories, fetcher, restrictedMode, actionLog, ArchiveLimits::defaults);
    }

    /** @param limits what a plugin file may unpack to ({@code [extensions] max_unpacked_mb}), read at each install */
    public ExtensionInstaller(PluginManager plugins, Path pluginsDir, Path stagingDir, String panelVersion,
                              Supplier<List<URI>> repositories, Fetcher fetcher, BooleanSupplier restrictedMode,
                              ActionLog actionLog, Supplier<ArchiveLimits> limits) {
        this.limits = limits;
        this.plugins = plugins;
        this.pluginsDir = pluginsDir;
        this.stagingDir = stagingDir;
        this.panelVersion = panelVersion;
        this.repositories = repositories;
        this.fetcher = fetcher;
        this.restrictedMode = restrictedMode;
        this.actionLog = actionLog;
    }

    /** One line of the catalogue listing. */
    public record Row(String id, String description, String provider, String installedVersion,
                      String newestVersion, String newestCompatibleVersion, String status) {
    }

    public List<Row> catalog() throws CatalogException {
        List<Row> rows = new ArrayList<>();
        for (Catalog.Offer offer : loadCatalog().offers()) {
            CatalogPlugin p = offer.plugin();
            String installed = Optional.ofNullable(plugins.getPlugin(p.id()))
                    .map(w -> w.getDescriptor().getVersion()).orElse("");
            String newest = Catalog.newest(p).map(CatalogRelease::version).orElse("");
            String compatible = Catalog.newestCompatible(p, panelVersion).map(CatalogRelease::version).orElse("");
            rows.add(new Row(p.id(), p.description(), p.provider(), installed, newest, compatible,
                    status(installed, compatible)));
        }
        return rows;
    }

    private static String status(String installed, String compatible) {
        if (compatible.isEmpty()) {
            return "incompatible";
        }
        if (installed.isEmpty()) {
            return "available";
        }
        return Catalog.compareVersions(compatible, installed) > 0 ? "update-available" : "up-to-date";
    }

    /** Installs a plugin that is not installed yet; {@code version} empty takes the newest compatible. */
    public synchronized String install(String id, Optional<String> version) throws CatalogException {
        refuseInRestrictedMode("install");
        if (plugins.getPlugin(id) != null) {
            throw new CatalogException(id + " is already installed (version "
                    + plugins.getPlugin(id).getDescriptor().getVersion() + "): use --update " + id);
        }
        Choice choice = choose(id, version);
        CatalogRelease release = choice.release();
        replace(id, release, choice.index());
        actionLog.record("extension.installed", id, Map.of("version", release.version(), "source", "catalog"));
        return release.version();
    }

    /** Updates an installed plugin to the newest compatible release; returns the version now running. */
    public synchronized String update(String id) throws CatalogException {
        refuseInRestrictedMode("update");
        PluginWrapper current = plugins.getPlugin(id);
        if (current == null) {
            throw new CatalogException(id + " is not installed: use --install " + id);
        }
        Choice choice = choose(id, Optional.empty());
        CatalogRelease release = choice.release();
        String installed = current.getDescriptor().getVersion();
        if (Catalog.compareVersions(release.version(), installed) <= 0) {
            return installed;
        }
        replace(id, release, choice.index());
        actionLog.record("extension.updated", id, Map.of("from", installed, "to", release.version()));
        return release.version();
    }

    /** Updates every installed plugin the catalogues offer; a failure of one does not stop the others. */
    public synchronized List<String> updateAll() throws CatalogException {
        refuseInRestrictedMode("update");
        List<String> results = new ArrayList<>();
        Catalog catalog = loadCatalog();
        for (PluginWrapper w : List.copyOf(plugins.getPlugins())) {
            String id = w.getPluginId();
            if (catalog.offer(id).isEmpty()) {
                continue;
            }
            try {
                results.add(id + ": " + update(id));
            } catch (CatalogException e) {
                results.add(id + ": failed: " + e.getMessage());
            }
        }
        return results;
    }

    /** Stops, unloads and deletes an installed plugin. */
    public synchronized void uninstall(String id) throws CatalogException {
        PluginWrapper current = plugins.getPlugin(id);
        if (current == null) {
            throw new CatalogException(id + " is not installed");
        }
        String version = current.getDescriptor().getVersion();
        if (!plugins.deletePlugin(id)) {
            throw new CatalogException("could not remove " + id + ": see the panel log");
        }
        actionLog.record("extension.uninstalled", id, Map.of("version", version));
    }

    private void refuseInRestrictedMode(String what) throws CatalogException {
        if (restrictedMode.getAsBoolean()) {
            throw new CatalogException("the panel is in restricted mode: " + what
                    + " from a catalogue is disabled (an administrator with file access can still drop a plugin file into plugins/)");
        }
    }

    private Catalog loadCatalog() throws CatalogException {
        List<URI> indexes = repositories.get();
        if (indexes.isEmpty()) {
            throw new CatalogException("no catalogue configured: set [extensions] repositories = <path or URL>[, ...] in panel.ini");
        }
        return Catalog.load(indexes, fetcher, stagingDir);
    }

    private record Choice(CatalogRelease release, URI index) {
    }

    private Choice choose(String id, Optional<String> version) throws CatalogException {
        Catalog.Offer offer = loadCatalog().offer(id)
                .orElseThrow(() -> new CatalogException(id + " is not in any configured catalogue"));
        CatalogPlugin plugin = offer.plugin();
        if (version.isPresent()) {
            CatalogRelease release = plugin.releases().stream().filter(r -> version.get().equals(r.version()))
                    .findFirst().orElseThrow(() -> new CatalogException(id + " has no release " + version.get()));
            if (!Catalog.compatible(release, panelVersion)) {
                throw incompatible(id, release);
            }
            return new Choice(release, offer.index());
        }
        CatalogRelease newest = Catalog.newestCompatible(plugin, panelVersion).orElseThrow(() -> Catalog.newest(plugin)
                .map(r -> incompatible(id, r))
                .orElse(new CatalogException(id + " has no releases")));
        return new Choice(newest, offer.index());
    }

    private CatalogException incompatible(String id, CatalogRelease release) {
        return new CatalogException(id + " " + release.version() + " requires panel " + release.requires()
                + " but this panel is " + panelVersion + ": refused");
    }

    private void replace(String id, CatalogRelease release, URI index) throws CatalogException {
        Path staged = stage(id, release, index);
        PluginArchive.Descriptor declared;
        try {
            checkLimits(staged, id + " " + release.version() + ": ");
            declared = PluginArchive.inspect(staged);
        } catch (CatalogException e) {
            deleteQuietly(staged);
            throw e;
        }
        if (!declared.id().equals(id) || !declared.version().equals(release.version())) {
            deleteQuietly(staged);
            throw new CatalogException(!declared.id().equals(id)
                    ? "the file for " + id + " declares plugin id '" + declared.id() + "': refused"
                    : "the file for " + id + " " + release.version() + " declares version " + declared.version() + ": refused");
        }
        activate(id, release.version(), staged);
    }

    /**
     * Installs a plugin file given by someone with file access (the local drop-in path, allowed in
     * restricted mode): the same archive checks, compatibility check and staged start as a catalogue
     * release, without a checksum (there is no index to compare with). Refused when the plugin is
     * already installed. Returns what the file declares.
     */
    public synchronized PluginArchive.Descriptor installFile(Path file) throws CatalogException {
        PluginArchive.Descriptor declared;
        checkLimits(file, "file: ");
        try {
            declared = PluginArchive.inspect(file);
        } catch (CatalogException e) {
            throw new CatalogException("file: " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (!declared.id().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || !declared.version().matches("[A-Za-z0-9._+-]{1,64}")) {
            throw new CatalogException("file: the file declares an unsafe plugin id or version '" + declared.id() + "-"
                    + declared.version() + "': letters, digits, . _ - only");
        }
        if (plugins.getPlugin(declared.id()) != null) {
            // the same refusal, and exit code (1: the state forbids it, the input is fine), as from a catalogue
            throw new CatalogException(declared.id() + " is already installed (version "
                    + plugins.getPlugin(declared.id()).getDescriptor().getVersion() + "): uninstall it first, or update it from a catalogue");
        }
        String requires = declared.requires().isEmpty() ? "*" : declared.requires();
        if (!Catalog.compatible(new CatalogRelease(declared.version(), null, requires, null, null), panelVersion)) {
            throw new CatalogException("file: " + declared.id() + " " + declared.version() + " requires panel " + requires
                    + " but this panel is " + panelVersion + ": refused");
        }
        String ext = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar") ? ".jar" : ".zip";
        try {
            Files.createDirectories(stagingDir);
            Path staged = stagingDir.resolve(declared.id() + "-" + declared.version() + ext);
            Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
            activate(declared.id(), declared.version(), staged);
        } catch (IOException e) {
            throw new CatalogException("cannot stage " + file + ": " + e.getMessage(), e);
        }
        actionLog.record("extension.installed", declared.id(), Map.of("version", declared.version(), "source", "file"));
        return declared;
    }

    /** Refuses, before anything is unpacked, a file past the size or compression limits. */
    private void checkLimits(Path file, String prefix) throws CatalogException {
        try {
            limits.get().check(file);
        } catch (ArchiveLimits.Refused e) {
            throw new CatalogException(prefix + e.getMessage(), e);
        }
    }

    /** Moves a verified staged file into plugins/, loads and starts it; on failure the previous version is put back. */
    private void activate(String id, String version, Path staged) throws CatalogException {
        Optional<SetAside> previous = setAside(id);
        Path target = pluginsDir.resolve(staged.getFileName());
        String loaded = null;
        String failure;
        try {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            loaded = plugins.loadPlugin(target);
            PluginState state = plugins.startPlugin(loaded);
            if (state == PluginState.STARTED) {
                previous.ifPresent(p -> deleteQuietly(p.file()));
                return;
            }
            failure = PluginFailures.sentence(plugins.getPlugin(loaded), state);
        } catch (IOException | RuntimeException e) {
            // PF4J lets an exception from Plugin.start() through; treat it like any failed start
            failure = PluginFailures.sentence(e, plugins, loaded);
        }
        if (loaded != null) {
            plugins.unloadPlugin(loaded);
        }
        deleteQuietly(target);
        deleteQuietly(expandedDir(target));
        previous.ifPresent(this::restore);
        throw new CatalogException(id + " " + version + " failed to start (" + failure + ")"
                + previous.map(p -> "; the previous version " + p.version() + " keeps running").orElse(""));
    }

    private Path stage(String id, CatalogRelease release, URI index) throws CatalogException {
        if (release.url() == null || release.url().isBlank()) {
            throw new CatalogException(id + " " + release.version() + " has no url in the catalogue");
        }
        try {
            Files.createDirectories(stagingDir);
            String name = id + "-" + release.version() + (release.url().endsWith(".jar") ? ".jar" : ".zip");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new CatalogException("refused: unsafe plugin id or version '" + id + "-" + release.version() + "'");
            }
            Path staged = stagingDir.resolve(name);
            fetcher.fetch(index.resolve(release.url()), staged);
            try {
                PluginArchive.verifyChecksum(staged, release, id);
            } catch (CatalogException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
            return staged;
        } catch (IOException e) {
            throw new CatalogException("cannot stage " + id + ": " + e.getMessage(), e);
        }
    }

    /** The installed version, stopped, unloaded, and its file moved to the staging folder. */
    private record SetAside(String version, Path original, Path file) {
    }

    private Optional<SetAside> setAside(String id) throws CatalogException {
        PluginWrapper current = plugins.getPlugin(id);
        if (current == null) {
            return Optional.empty();
        }
        String version = current.getDescriptor().getVersion();
        Path path = current.getPluginPath();
        Path file = Files.isDirectory(path) && Files.exists(zipOf(path)) ? zipOf(path) : path;
        plugins.unloadPlugin(id);
        try {
            Path aside = stagingDir.resolve("previous-" + file.getFileName());
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            if (!file.equals(path)) {
                deleteQuietly(path);
            }
            return Optional.of(new SetAside(version, file, aside));
        } catch (IOException e) {
            plugins.loadPlugin(path);
            plugins.startPlugin(id);
            throw new CatalogException("cannot set the installed " + id + " aside: " + e.getMessage(), e);
        }
    }

    private void restore(SetAside previous) {
        try {
            Files.move(previous.file(), previous.original(), StandardCopyOption.REPLACE_EXISTING);
            String id = plugins.loadPlugin(previous.original());
            plugins.startPlugin(id);
        } catch (IOException e) {
            throw new UncheckedIOException("could not put the previous version back", e);
        }
    }

    private static Path zipOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".zip");
    }

    private static Path expandedDir(Path zip) {
        String name = zip.getFileName().toString();
        return zip.resolveSibling(name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name + ".d");
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover folder is harmless, PF4J ignores it without a descriptor
        }
    }
}
