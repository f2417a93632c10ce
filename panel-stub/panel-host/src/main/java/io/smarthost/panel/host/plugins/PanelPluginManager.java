package io.smarthost.panel.host.plugins;

import io.smarthost.panel.api.services.HostServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginRepository;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DevelopmentPluginRepository;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginRepository;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.ExtensionWrapper;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J over {@code <home>/plugins}: zip and jar plugins, {@code Plugin-Requires} checked against the
 * panel's version, enabled/disabled state kept in {@code plugins/disabled.txt} (PF4J's status file).
 * A broken, incompatible or duplicate plugin is refused with one clear log line and listed by
 * {@link #problems()}; the panel goes on without it.
 *
 * <p>The host's own extensions (class path, package {@code io.smarthost.panel.host}) are reported as
 * plugin {@link #HOST_ID}. Other class-path extensions belong to nobody and are ignored, unless a
 * "class-path plugin id" is set (tests of a plugin module run its classes from the class path).
 */
public final class PanelPluginManager extends DefaultPluginManager {

    public static final String HOST_ID = "panel";
    private static final Logger LOG = LoggerFactory.getLogger(PanelPluginManager.class);
    private static final String HOST_PACKAGE = "io.smarthost.panel.host.";

    private final Map<Path, PluginProblem> refused = new ConcurrentHashMap<>();
    private final Set<String> warnedStrays = ConcurrentHashMap.newKeySet();
    private HostExtensionFactory factory;
    /** Set by the panel after construction (PF4J makes the repository inside its constructor, before our fields). */
    private volatile java.util.function.Supplier<ArchiveLimits> limits;
    private String classpathPluginId;

    public PanelPluginManager(Path pluginsRoot, String panelVersion) {
        super(pluginsRoot);
        setSystemVersion(panelVersion);
        // a stopped or unloaded plugin's extension objects must not be handed out again: a restarted or
        // reinstalled plugin gets fresh ones (and the old class loader can be collected)
        addPluginStateListener(event -> {
            forgetContributions();
            PluginState state = event.getPluginState();
            if (state == PluginState.STOPPED || state == PluginState.UNLOADED || state == PluginState.DISABLED) {
                factory.forget(event.getPlugin().getPluginClassLoader());
            }
        });
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        factory = new HostExtensionFactory();
        return factory;
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        AllJarsExtensionFinder finder = new AllJarsExtensionFinder(this);
        // as DefaultPluginManager does: the finder drops its cache when a plugin starts or stops
        addPluginStateListener(finder);
        return finder;
    }

    /**
     * @param servicesOfPlugin the {@link HostServices} of a plugin id
     * @param hostContext      handed to host extensions whose constructor takes its type
     * @param classpathPlugin  plugin id given to non-host class-path extensions, or null to ignore them
     */
    public void bind(Function<String, HostServices> servicesOfPlugin, Object hostContext, String classpathPlugin) {
        this.classpathPluginId = classpathPlugin;
        factory.bind(type -> servicesOfPlugin.apply(ownerOf(type)), hostContext);
        forgetContributions();
    }

    /** What a plugin file may unpack to, read at each load ({@code [extensions] max_unpacked_mb}). */
    public void setArchiveLimits(java.util.function.Supplier<ArchiveLimits> limits) {
        this.limits = limits;
    }

    public ArchiveLimits archiveLimits() {
        java.util.function.Supplier<ArchiveLimits> l = limits;
        return l == null ? ArchiveLimits.defaults() : l.get();
    }

    /**
     * PF4J's repositories, with the zip one replaced: PF4J unpacks every zip of {@code plugins/} before loading
     * any; ours unpacks only those within {@link #archiveLimits()} and reports the others.
     */
    @Override
    protected PluginRepository createPluginRepository() {
        return new CompoundPluginRepository()
                .add(new DevelopmentPluginRepository(getPluginsRoots()), this::isDevelopment)
                .add(new JarPluginRepository(getPluginsRoots()), this::isNotDevelopment)
                .add(new CheckedZipPluginRepository(getPluginsRoots(), file -> {
                    try {
                        archiveLimits().check(file);
                        return true;
                    } catch (ArchiveLimits.Refused e) {
                        refuse(file, null, e.getMessage());
                        return false;
                    }
                }), this::isNotDevelopment);
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        if (Files.isRegularFile(pluginPath)) {
            archiveLimits().check(pluginPath); // a zip given to loadPlugin (an install) or a jar: before PF4J unpacks or opens it
        }
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException e) {
            refuse(pluginPath, null, PluginFailures.sentence(e, this, null));
            throw e;
        }
    }

    /** Loads and starts every plugin, then reports (and logs once) each one that did not start. */
    public void loadAndStart() {
        loadPlugins();
        startPlugins();
        for (PluginWrapper plugin : getPlugins()) {
            String id = plugin.getPluginId();
            if (plugin.getPluginState() == PluginState.STARTED) {
                LOG.info("Plugin '{}' {} started from {}", id, plugin.getDescriptor().getVersion(), plugin.getPluginPath().getFileName());
            } else if (!isPluginValid(plugin)) {
                refuse(plugin.getPluginPath(), id, "requires panel " + plugin.getDescriptor().getRequires()
                        + " but this panel is " + getSystemVersion() + "; install a version of the plugin made for this panel");
            } else if (plugin.getPluginState() == PluginState.DISABLED) {
                LOG.info("Plugin '{}' is disabled (panel bin extension --enable {} turns it on)", id, id);
            } else {
                refuse(plugin.getPluginPath(), id, "did not start: " + PluginFailures.sentence(plugin, plugin.getPluginState()));
            }
        }
        for (Path file : pluginFiles()) {
            Path unpacked = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.zip$", ""));
            if (!refused.containsKey(file) && !refused.containsKey(unpacked) && getPlugins().stream().noneMatch(p -> sameFile(p.getPluginPath(), file))) {
                refuse(file, null, "not a plugin this panel can read (a PF4J zip with plugin.properties or a jar with Plugin-Id "
                        + "in its manifest), or a second copy of a plugin already loaded");
            }
        }
    }

    private void refuse(Path file, String id, String reason) {
        PluginProblem problem = new PluginProblem(file, id, reason);
        if (refused.put(file, problem) == null) {
            LOG.error("Plugin file {} refused{}: {}", file.getFileName(), id == null ? "" : " (plugin '" + id + "')", reason);
        }
    }

    private static boolean sameFile(Path loaded, Path file) {
        String a = loaded.getFileName().toString();
        String b = file.getFileName().toString();
        return a.equals(b) || (b.endsWith(".zip") && a.equals(b.substring(0, b.length() - 4)))
                || (b.endsWith(".zip") && Files.exists(file.resolveSibling(b.substring(0, b.length() - 4)))
                && loaded.getFileName().toString().equals(b.substring(0, b.length() - 4)));
    }

    /** Files and folders under plugins/ that could be plugins (zips, jars, folders not extracted from a zip). */
    private List<Path> pluginFiles() {
        Path root = getPluginsRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".zip") || name.endsWith(".jar")) {
                    return true;
                }
                return Files.isDirectory(f) && !Files.exists(root.resolve(name + ".zip")) && !name.startsWith(".");
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public List<PluginProblem> problems() {
        return refused.values().stream().sorted(Comparator.comparing(p -> p.file().getFileName().toString())).toList();
    }

    /**
     * Every extension of {@code type} from the host and started plugins, host first, then by plugin id (an
     * unmodifiable list). Kept per type until a plugin changes state: each plugin route and page asks for them on
     * every request (3% of a GET's CPU when PF4J's finder was asked each time).
     */
    @SuppressWarnings("unchecked")
    public <T> List<Contribution<T>> contributions(Class<T> type) {
        List<? extends Contribution<?>> kept = contributed.get(type);
        if (kept != null) {
            return (List<Contribution<T>>) kept;
        }
        long seen = contributionsGeneration.get();
        boolean[] failed = {false};
        List<Contribution<T>> found = List.copyOf(find(type, failed));
        // kept only if no plugin changed state meanwhile (what was found may predate the change), and if every
        // extension could be made: one that failed once (a store briefly away in its constructor) is tried again
        if (!failed[0] && contributionsGeneration.get() == seen) {
            contributed.put(type, found);
            if (contributionsGeneration.get() != seen) {
                contributed.remove(type, found);
            }
        }
        return found;
    }

    private final Map<Class<?>, List<? extends Contribution<?>>> contributed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong contributionsGeneration = new java.util.concurrent.atomic.AtomicLong();

    private void forgetContributions() {
        contributionsGeneration.incrementAndGet();
        contributed.clear();
    }

    private <T> List<Contribution<T>> find(Class<T> type, boolean[] failed) {
        List<Contribution<T>> out = new ArrayList<>();
        for (ExtensionWrapper<T> wrapper : extensionFinder.find(type)) {
            Class<?> extensionClass = wrapper.getDescriptor().extensionClass;
            String owner = ownerOf(extensionClass);
            if (owner == null) {
                if (warnedStrays.add(extensionClass.getName())) {
                    LOG.warn("Extension {} is on the panel's class path but belongs to no plugin: ignored", extensionClass.getName());
                }
                continue;
            }
            try {
                out.add(new Contribution<>(owner, wrapper.getExtension(), extensionClass.getClassLoader()));
            } catch (RuntimeException | LinkageError e) {
                // a LinkageError: e.g. a static field that failed (an IniKey whose default its type refuses)
                Throwable why = e.getCause() != null && e instanceof ExceptionInInitializerError ? e.getCause() : e;
                LOG.error("Plugin '{}': extension {} unavailable: {}", owner, extensionClass.getName(), why.getMessage());
                failed[0] = true;
            }
        }
        out.sort(Comparator.comparing((Contribution<T> c) -> !c.pluginId().equals(HOST_ID)).thenComparing(Contribution::pluginId));
        return out;
    }

    public <T> List<T> extensionsOf(Class<T> type) {
        return contributions(type).stream().map(Contribution::extension).toList();
    }

    /** Extensions of {@code type} contributed by one plugin (its classes/ and lib/ jars). */
    public <T> List<T> extensionsOf(Class<T> type, String pluginId) {
        return contributions(type).stream().filter(c -> c.pluginId().equals(pluginId)).map(Contribution::extension).toList();
    }

    /** The plugin id owning a class, {@link #HOST_ID} for host classes, or null for strays. */
    public String ownerOf(Class<?> type) {
        PluginWrapper plugin = whichPlugin(type);
        if (plugin != null) {
            return plugin.getPluginId();
        }
        if (type.getName().startsWith(HOST_PACKAGE)) {
            return HOST_ID;
        }
        return classpathPluginId;
    }

    /** Whether {@code pluginId} names the host, a started plugin, or the class-path plugin. */
    public boolean isActive(String pluginId) {
        if (pluginId.equals(classpathPluginId)) {
            return true;
        }
        PluginWrapper plugin = getPlugin(pluginId);
        return plugin != null && plugin.getPluginState() == PluginState.STARTED;
    }

    public Optional<String> classpathPluginId() {
        return Optional.ofNullable(classpathPluginId);
    }

    /** Stops plugins one by one over a copy (PF4J 3.15's stopPlugins() can throw while iterating). */
    public void stopAll() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        java.util.Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            String id = plugin.getPluginId();
            if (plugin.getPluginPath() != null && Files.notExists(plugin.getPluginPath())) {
                // uninstalled or replaced by another process (the server, for a `panel bin extension` change): its
                // classes cannot be loaded any more, so its stop() would fail half-way; this process ends anyway
                LOG.debug("Plugin '{}': its files are gone ({}); not stopped in this process", id, plugin.getPluginPath());
                continue;
            }
            try {
                stopPlugin(id);
            } catch (RuntimeException | LinkageError e) {
                // a LinkageError: the files changed under this process (updated by the server)
                LOG.warn("Plugin '{}' failed to stop: {}", id, e.toString());
            }
        }
    }
}
