package io.smarthost.panel.host;

import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.host.accounts.ApiKeys;
import io.smarthost.panel.host.accounts.LoginThrottle;
import io.smarthost.panel.host.accounts.PasswordHasher;
import io.smarthost.panel.host.accounts.Users;
import io.smarthost.panel.host.db.Database;
import io.smarthost.panel.host.db.Jdbc;
import io.smarthost.panel.host.domains.DomainManager;
import io.smarthost.panel.host.domains.DomainStore;
import io.smarthost.panel.host.extensions.ControlFile;
import io.smarthost.panel.host.extensions.PanelExtensions;
import io.smarthost.panel.host.home.PanelHome;
import io.smarthost.panel.host.ini.HostIniKeys;
import io.smarthost.panel.host.ini.IniSchema;
import io.smarthost.panel.host.ini.LivePanelIni;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import io.smarthost.panel.host.services.BundleMessages;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.services.DbDnsZones;
import io.smarthost.panel.host.services.HomePanelInfo;
import io.smarthost.panel.host.services.HostPluginContext;
import io.smarthost.panel.host.services.PluginHostServices;
import io.smarthost.panel.host.services.ProcessCommandRunner;
import io.smarthost.panel.host.store.AesGcmSecretBox;
import io.smarthost.panel.host.store.DbPanelSettings;
import io.smarthost.panel.host.store.JdbcSettingsStore;
import io.smarthost.panel.host.web.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open panel: its home, panel.ini, database, accounts, domains, plugins and the services handed
 * to them. The CLI opens one and closes it after a command; {@code panel start} also starts the web
 * server with {@link #startWeb()}. Host extensions (menu items, CLI utilities) take this in their
 * constructor.
 */
public final class Panel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Panel.class);

    private final PanelOptions options;
    private final PanelHome home;
    private final LivePanelIni ini;
    private final Database db;
    private final Jdbc jdbc;
    private final Users users;
    private final ApiKeys apiKeys;
    private final DomainStore domains;
    private final DomainManager domainManager;
    private final DbPanelSettings settings;
    private final AesGcmSecretBox secrets;
    private final ProcessCommandRunner commands;
    private final DbDnsZones dns;
    private final LoginThrottle throttle;
    private final PanelPluginManager plugins;
    private final Map<String, HostServices> services = new ConcurrentHashMap<>();
    private final BundleMessages hostMessages = BundleMessages.host();
    private volatile WebServer web;
    private IdleMemory idleMemory;
    private volatile ControlFile control;
    private final PanelExtensions extensions;

    private Panel(PanelOptions options, PrintStream console) {
        this.options = options;
        this.home = new PanelHome(options.home());
        boolean firstRun = home.ensure();
        this.ini = new LivePanelIni(home.ini());
        String url = ini.value(HostIniKeys.DATABASE_URL);
        // a server database is configured in panel.ini; the embedded one keeps its password in data/
        this.db = url.isBlank() ? Database.openEmbedded(home.data(), home.databasePassword())
                : Database.open(url, ini.value(HostIniKeys.DATABASE_USER), ini.value(HostIniKeys.DATABASE_PASSWORD));
        this.jdbc = new Jdbc(db);
        int cost = options.bcryptCost().orElseGet(() -> ini.getInt(HostIniKeys.BCRYPT_COST));
        this.users = new Users(jdbc, new PasswordHasher(cost));
        this.apiKeys = new ApiKeys(jdbc, users);
        this.settings = new DbPanelSettings(jdbc);
        this.secrets = AesGcmSecretBox.forKeyFile(home.secretKey());
        this.commands = new ProcessCommandRunner(home.root());
        DbActionLog hostLog = new DbActionLog(jdbc, PanelPluginManager.HOST_ID);
        this.dns = new DbDnsZones(jdbc, hostLog);
        this.domains = new DomainStore(jdbc);
        this.throttle = new LoginThrottle(ini.getInt(HostIniKeys.LOGIN_MAX_FAILURES),
                Duration.ofSeconds(ini.getInt(HostIniKeys.LOGIN_LOCKOUT_SECONDS)), Clock.systemUTC());
        this.plugins = new PanelPluginManager(home.plugins(), version());
        plugins.setArchiveLimits(() -> new io.smarthost.panel.host.plugins.ArchiveLimits(ini.getInt(HostIniKeys.MAX_UNPACKED_MB)));
        this.domainManager = new DomainManager(jdbc, domains, users, dns, hostLog,
                () -> plugins.contributions(DomainLifecycleListener.class));
        plugins.bind(this::services, this, options.classpathPlugin().orElse(null));
        // plugins come and go while the panel runs: a plugin's services (its class loader's messages) and
        // its context (its shared objects and their threads) must not outlive the run they were made for
        plugins.addPluginStateListener(event -> {
            if (event.getPluginState() != PluginState.STARTED) {
                forget(event.getPlugin().getPluginId());
            } else if (started) {
                // enabled or installed while the panel runs: what it missed first
                catchUpDomainEvents(event.getPlugin().getPluginId());
                if (isServing()) {
                    announceStarted(java.util.Optional.of(event.getPlugin().getPluginId()));
                }
            }
        });
        plugins.loadAndStart();
        // the domain changes each plugin missed (it was disabled, or a process died before telling it), before
        // this process serves or runs a command
        plugins.contributions(DomainLifecycleListener.class).stream().map(Contribution::pluginId).distinct()
                .forEach(this::catchUpDomainEvents);
        started = true;
        // the host's and the started plugins' keys: check panel.ini again now, and when plugins come and go
        ini.useSchema(this::declaredIniKeys);
        plugins.addPluginStateListener(event -> ini.schemaChanged());
        this.extensions = new PanelExtensions(this);
        new FirstRun(this, console).seed(firstRun);
    }

    private IniSchema declaredIniKeys() {
        Map<String, List<IniKey>> declared = new LinkedHashMap<>();
        for (Contribution<IniKeys> c : plugins.contributions(IniKeys.class)) {
            try {
                declared.computeIfAbsent(c.pluginId(), id -> new ArrayList<>()).addAll(c.extension().keys());
            } catch (RuntimeException e) {
                LOG.error("Plugin '{}': its panel.ini keys ({}) cannot be read: {}", c.pluginId(),
                        c.extension().getClass().getName(), e.toString());
            }
        }
        return IniSchema.of(declared);
    }

    private volatile boolean started;

    private void catchUpDomainEvents(String pluginId) {
        try {
            domainManager.catchUp(pluginId);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Plugin '{}': the domain changes it missed could not be told ({}); it hears of them at its next"
                    + " start", pluginId, e.toString());
        }
    }

    /** Opens (and on first run creates) the panel at {@code options.home()}; messages for people go to {@code console}. */
    public static Panel open(PanelOptions options, PrintStream console) {
        return new Panel(options, console);
    }

    /** Starts the web server (idempotent); returns it. */
    public synchronized WebServer startWeb() {
        if (web == null) {
            int port = options.port().orElseGet(() -> ini.getInt(HostIniKeys.PORT));
            web = WebServer.start(this, ini.value(HostIniKeys.BIND), port);
            control = ControlFile.create(web.localUrl());
            control.write(home.data());
            idleMemory = IdleMemory.start();
        }
        return web;
    }

    /**
     * The services of one plugin (or of the host, id {@link PanelPluginManager#HOST_ID}), kept while the
     * plugin runs. Those of a loaded plugin that is not started (a page still rendering after it stopped)
     * are made afresh each time, with a closed context: a stopped plugin starts nothing.
     */
    public HostServices services(String pluginId) {
        PluginWrapper wrapper = plugins.getPlugin(pluginId);
        if (wrapper != null && wrapper.getPluginState() != PluginState.STARTED) {
            PluginHostServices stopped = newServices(pluginId, wrapper);
            stopped.context().close();
            return stopped;
        }
        return services.computeIfAbsent(pluginId, id -> newServices(id, wrapper));
    }

    private PluginHostServices newServices(String id, PluginWrapper wrapper) {
        ClassLoader loader = wrapper == null ? Panel.class.getClassLoader() : wrapper.getPluginClassLoader();
        return new PluginHostServices(id, new HomePanelInfo(version(), home.root(), id, this::baseUrl), ini, settings,
                domains, new JdbcSettingsStore(jdbc, id, secrets), secrets, commands, new DbActionLog(jdbc, id), dns,
                id.equals(PanelPluginManager.HOST_ID) ? hostMessages : BundleMessages.forPlugin(loader),
                new HostPluginContext(id), plugins);
    }

    /** Drops a plugin's services and closes its context (on the thread that stopped it, after {@code Plugin.stop()}). */
    private void forget(String pluginId) {
        HostServices gone = services.remove(pluginId);
        if (gone instanceof PluginHostServices s) {
            s.context().close();
        }
    }

    /**
     * Tells the {@link io.smarthost.panel.api.StartListener}s of every plugin (or of {@code pluginId})
     * that the panel serves, on a background thread; failures are logged.
     */
    public void announceStarted(java.util.Optional<String> pluginId) {
        var listeners = plugins.contributions(io.smarthost.panel.api.StartListener.class).stream()
                .filter(c -> pluginId.isEmpty() || c.pluginId().equals(pluginId.get())).toList();
        if (listeners.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> listeners.forEach(c -> {
            Thread.currentThread().setContextClassLoader(c.loader());
            try {
                c.extension().panelStarted();
            } catch (RuntimeException | LinkageError e) {
                org.slf4j.LoggerFactory.getLogger(Panel.class).warn("plugin {}: start task failed: {}", c.pluginId(),
                        e.toString());
            }
        }), "panel-start");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends the web sessions of a removed user held by this process (none in {@code panel bin}: there, and in a
     * server whose user was removed by the CLI, a session naming a user id that no longer exists ends at its next
     * request).
     */
    public int endSessionsOf(long userId) {
        WebServer w = web;
        return w == null ? 0 : w.sessions().endAllOf(userId);
    }

    /** Whether this process serves the panel's web (false in a {@code panel bin} process). */
    public boolean isServing() {
        return web != null;
    }

    /** The token a {@code panel bin} process presents to this server; empty while not serving. */
    public java.util.Optional<ControlFile> control() {
        return java.util.Optional.ofNullable(control);
    }

    /** Install, update, enable, disable, uninstall plugins while the panel runs. */
    public PanelExtensions extensions() {
        return extensions;
    }

    public String baseUrl() {
        WebServer server = web;
        return server == null ? "http://" + ini.value(HostIniKeys.BIND) + ":" + ini.getInt(HostIniKeys.PORT)
                : server.baseUrl();
    }

    /** The panel's version, what plugins' {@code Plugin-Requires} is checked against. */
    public static String version() {
        try (InputStream in = Panel.class.getResourceAsStream("/panel-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("panel.version", "1.0.0");
            return v.startsWith("$") ? "1.0.0" : v;
        } catch (IOException e) {
            return "1.0.0";
        }
    }

    public PanelOptions options() {
        return options;
    }

    public PanelHome home() {
        return home;
    }

    public LivePanelIni ini() {
        return ini;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public Users users() {
        return users;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public DomainStore domains() {
        return domains;
    }

    public DomainManager domainManager() {
        return domainManager;
    }

    public DbPanelSettings settings() {
        return settings;
    }

    public AesGcmSecretBox secrets() {
        return secrets;
    }

    public DbDnsZones dns() {
        return dns;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public PanelPluginManager plugins() {
        return plugins;
    }

    public BundleMessages hostMessages() {
        return hostMessages;
    }

    @Override
    public synchronized void close() {
        if (web != null) {
            control.delete(home.data());
            control = null;
            web.stop();
            web = null;
            idleMemory.close();
        }
        plugins.stopAll();
        // what stopAll did not stop: the host's own context and that of a plugin run from the class path
        List.copyOf(services.keySet()).forEach(this::forget);
        db.close();
    }
}
