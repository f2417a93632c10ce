package io.smarthost.panel.testkit;

import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.Messages;
import io.smarthost.panel.api.services.PanelInfo;
import io.smarthost.panel.api.services.PanelIni;
import io.smarthost.panel.api.services.PanelSettings;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.api.services.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

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
    private final InMemoryDnsZones dns = new InMemoryDnsZones(actionLog);
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
        return new ProcessRunner();
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
