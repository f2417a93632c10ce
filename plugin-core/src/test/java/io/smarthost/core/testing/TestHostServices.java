package io.smarthost.core.testing;

import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.Messages;
import io.smarthost.panel.api.services.PanelInfo;
import io.smarthost.panel.api.services.PanelIni;
import io.smarthost.panel.api.services.PanelSettings;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.api.services.SettingsStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Host services for tests, all real in-memory parts: a transactional store with AES-GCM secrets,
 * indexed domains, a recording action log, settable panel.ini and restricted mode, a command runner
 * that really runs processes, an in-memory DNS service, and message bundles read from the class path.
 * {@link #home()} is a folder the test owns (pass a {@code @TempDir}).
 */
public final class TestHostServices implements HostServices {
    private final Path home;
    private final AesGcmSecretBox secrets = new AesGcmSecretBox();
    private final InMemorySettingsStore store = new InMemorySettingsStore(secrets);
    private final InMemoryDomains domains = new InMemoryDomains();
    private final RecordingActionLog actionLog = new RecordingActionLog();
    private final MapPanelIni ini = new MapPanelIni();
    private final InMemoryDnsZones dns = new InMemoryDnsZones();
    private final TestPluginContext context = new TestPluginContext();
    private volatile boolean restricted;
    private final ThreadLocal<RequestContext> request = new ThreadLocal<>();

    public TestHostServices(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    public void restrictedMode(boolean on) {
        restricted = on;
    }

    /** Runs as this user (locale, role) on the current thread until cleared with null. */
    public void actAs(RequestContext context) {
        if (context == null) {
            request.remove();
        } else {
            request.set(context);
        }
    }

    @Override
    public String pluginId() {
        return "smarthost";
    }

    @Override
    public PanelInfo panel() {
        return new PanelInfo() {
            @Override
            public String version() {
                return "1.0.0";
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public Path pluginDataDir() {
                return createDir(home.resolve("data/plugins/smarthost"));
            }

            @Override
            public Path mailSandbox() {
                return createDir(home.resolve("mail-sandbox"));
            }

            @Override
            public String baseUrl() {
                return "http://127.0.0.1:8880";
            }
        };
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /** The plugin's shared objects; close it to play the plugin stopping. */
    @Override
    public TestPluginContext context() {
        return context;
    }

    @Override
    public MapPanelIni ini() {
        return ini;
    }

    @Override
    public PanelSettings settings() {
        return new PanelSettings() {
            @Override
            public boolean restrictedMode() {
                return restricted;
            }

            @Override
            public Optional<String> get(String key) {
                return key.equals("restrictedMode") ? Optional.of(Boolean.toString(restricted)) : Optional.empty();
            }
        };
    }

    @Override
    public InMemoryDomains domains() {
        return domains;
    }

    @Override
    public InMemorySettingsStore store() {
        return store;
    }

    @Override
    public AesGcmSecretBox secrets() {
        return secrets;
    }

    @Override
    public CommandRunner commands() {
        return TestHostServices::run;
    }

    @Override
    public RecordingActionLog actionLog() {
        return actionLog;
    }

    @Override
    public InMemoryDnsZones dns() {
        return dns;
    }

    @Override
    public Messages messages() {
        return (locale, key, args) -> {
            try {
                String text = ResourceBundle.getBundle("i18n/messages", locale, TestHostServices.class.getClassLoader(),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
                return new java.text.MessageFormat(text, locale).format(args);
            } catch (MissingResourceException e) {
                return key;
            }
        };
    }

    @Override
    public Optional<RequestContext> currentRequest() {
        return Optional.ofNullable(request.get());
    }

    /** Runs a process for real, feeding stdin and capturing output, killed at the timeout. */
    static CommandRunner.Result run(CommandRunner.Command command) throws IOException {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.env());
        command.workDir().ifPresent(d -> pb.directory(d.toFile()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(command.stdin());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        boolean done;
        try {
            done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            o.join();
            e.join();
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        return new CommandRunner.Result(done ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start), !done);
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[8192];
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (to.size() < (1 << 20)) {
                        to.write(buf, 0, Math.min(n, (1 << 20) - to.size()));
                    }
                }
            } catch (IOException ignored) {
                // The process ended; what was read is kept.
            }
        });
        t.start();
        return t;
    }

    /** Zones in memory; replacing records is atomic per call. */
    public static final class InMemoryDnsZones implements DnsZones {
        private final Map<String, List<Record>> zones = new ConcurrentHashMap<>();
        private final List<Record> template = new ArrayList<>();

        public void serve(String domain) {
            zones.putIfAbsent(domain, new ArrayList<>());
        }

        @Override
        public boolean servesZone(String domain) {
            return zones.containsKey(domain);
        }

        @Override
        public synchronized List<Record> records(String domain) {
            return List.copyOf(zones.getOrDefault(domain, List.of()));
        }

        @Override
        public synchronized void replace(String domain, String name, String type, List<String> values) {
            List<Record> zone = zones.get(domain);
            if (zone == null) {
                throw new IllegalStateException("the panel does not serve the zone of " + domain);
            }
            zone.removeIf(r -> r.name().equals(name) && r.type().equals(type));
            values.forEach(v -> zone.add(new Record(name, type, v, 3600)));
        }

        @Override
        public synchronized List<Record> template() {
            return List.copyOf(template);
        }

        @Override
        public synchronized void replaceInTemplate(String name, String type, List<String> values) {
            template.removeIf(r -> r.name().equals(name) && r.type().equals(type));
            values.forEach(v -> template.add(new Record(name, type, v, 3600)));
        }
    }

    /** Locale helper for tests that act as a French admin. */
    public static Locale french() {
        return Locale.FRENCH;
    }

    /** The type of the settings store, for helpers that need only the interface. */
    public SettingsStore storeInterface() {
        return store;
    }

    /** Same for the other services, so tests can pass interfaces around. */
    public SecretBox secretBox() {
        return secrets;
    }

    public Domains domainsInterface() {
        return domains;
    }

    public ActionLog actionLogInterface() {
        return actionLog;
    }

    public PanelIni iniInterface() {
        return ini;
    }
}
