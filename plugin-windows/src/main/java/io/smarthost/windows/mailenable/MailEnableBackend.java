package io.smarthost.windows.mailenable;

import static io.smarthost.windows.mailenable.MailEnableValueNames.ENABLED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.HOST;
import static io.smarthost.windows.mailenable.MailEnableValueNames.MANAGED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.PORT;
import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_SERVICE;
import static io.smarthost.windows.mailenable.MailEnableValueNames.USERNAME;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.windows.CapabilityGuard;
import io.smarthost.windows.Platform;
import io.smarthost.windows.ScServiceControl;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.ServiceControl.ServiceException;
import io.smarthost.windows.StateFile;
import io.smarthost.windows.mailenable.WindowsRegistry.RegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * MailEnable: the SMTP connector's server-wide Smart Host, written to the registry and made live by
 * restarting the connector service. There is no per-domain relay for outgoing mail in MailEnable
 * (its per-domain "Act as Smart Host" routes mail addressed to the domain), and this backend says so.
 *
 * <p>Apply writes only the values that differ, reads them back, restarts {@code MESMTPCS}; if any of
 * that fails the previous values are written back (and the service restarted again) before the
 * error is reported.
 */
@Extension
public final class MailEnableBackend implements MailBackend {

    static final String DISPLAY_NAME = "MailEnable";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Platform platform;
    private final WindowsRegistry registry;
    private final ServiceControl services;
    private final StateFile state;

    /** Used by the panel. */
    public MailEnableBackend(HostServices host) {
        this(Platform.current(),
                new RegExeRegistry(host.commands(), host.panel().pluginDataDir(), COMMAND_TIMEOUT),
                new ScServiceControl(host.commands(), COMMAND_TIMEOUT),
                new StateFile(host.panel().pluginDataDir().resolve("mailenable-state.json")));
    }

    /** With explicit ports (tests, other hosts). */
    public MailEnableBackend(Platform platform, WindowsRegistry registry, ServiceControl services, StateFile state) {
        this.platform = platform;
        this.registry = registry;
        this.services = services;
        this.state = state;
    }

    @Override
    public String id() {
        return "mailenable";
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public boolean detect() {
        if (!platform.isWindows()) {
            return false;
        }
        try {
            return smtpKey().isPresent();
        } catch (RegistryException e) {
            return false;
        }
    }

    /**
     * MailEnable is only given unencrypted relays here (see {@link #capabilities()}); how its own
     * opportunistic TLS would judge a certificate is not known to the panel: the connection check judges by the panel's trust store and says
     * that the mail server may decide otherwise.
     */
    @Override
    public MailServerTrust certificateTrust() {
        return MailServerTrust.unknown(DISPLAY_NAME);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, false, Set.of(Encryption.NONE), false, false, List.of(
                "Server-wide smarthost only: MailEnable's per-domain \"Act as Smart Host\" forwards mail addressed "
                        + "TO the domain (a backup-MX feature), not mail the domain sends, so no per-domain relay is offered.",
                "Encryption cannot be required: MailEnable's \"Outbound TLS\" option is server-wide and falls back to "
                        + "plain text when the relay offers no STARTTLS; it is not managed here. Choose encryption \"none\".",
                "Relay certificates are checked by MailEnable's own rules; they cannot be switched per relay.",
                "MailEnable connects to the host given (no MX lookup choice).",
                "The Smart Host registry value names are assumptions; see the plugin-windows README to verify them."));
    }

    @Override
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        long started = System.nanoTime();
        CapabilityGuard.requireHonoured(DISPLAY_NAME, capabilities(), desired, changes);
        if (!changes.full() && !changes.server()) {
            return report(started, false, List.of("nothing to apply: MailEnable has no per-domain relay"), List.of());
        }
        String key = requireKey();
        Map<String, RegistryValue> current = read(key);
        boolean managedByUs = readState().path("managed").asBoolean(false);
        Optional<Relay> relay = desired.server();
        if (relay.isEmpty() && !managedByUs) {
            return report(started, false, List.of("no server-wide smarthost; MailEnable's Smart Host settings "
                    + "were not set by the panel and are left as they are"), List.of());
        }
        Map<String, Optional<RegistryValue>> wanted =
                relay.map(SmartHostSettings::forRelay).orElseGet(SmartHostSettings::disabled);
        Map<String, Optional<RegistryValue>> diff = SmartHostSettings.differences(current, wanted);
        List<String> warnings = new ArrayList<>();
        if (diff.isEmpty()) {
            saveState(relay, warnings);
            return report(started, false, List.of("MailEnable already has these Smart Host settings"), warnings);
        }
        Map<String, Optional<RegistryValue>> previous = SmartHostSettings.snapshot(current, diff.keySet());
        List<String> steps = new ArrayList<>();
        write(key, diff, previous);
        diff.forEach((name, value) -> steps.add(value.isPresent()
                ? "set " + name + " = " + SmartHostSettings.shown(name, value.get())
                : "deleted " + name));
        steps.add("read back " + diff.size() + " value(s) from " + key);
        restart(key, previous);
        steps.add("restarted " + SMTP_SERVICE);
        saveState(relay, warnings);
        return report(started, true, steps, warnings);
    }

    @Override
    public Inspection inspect() throws BackendException {
        Optional<String> key = smtpKeyOrFail();
        if (key.isEmpty()) {
            return new Inspection(List.of(), List.of(notInstalled()), false);
        }
        Map<String, RegistryValue> current = read(key.get());
        List<Inspection.Setting> settings = new ArrayList<>();
        for (String name : MANAGED) {
            RegistryValue value = current.get(name);
            if (value != null) {
                settings.add(new Inspection.Setting(name, SmartHostSettings.shown(name, value), key.get(), true));
            }
        }
        ObjectNode saved = readState();
        List<String> problems = new ArrayList<>();
        boolean enabled = isEnabled(current);
        boolean matchesOurs = saved.path("managed").asBoolean(false) && matchesState(current, saved);
        if (saved.path("managed").asBoolean(false) && !matchesOurs) {
            problems.add("MailEnable's Smart Host settings were changed outside the panel since the last apply "
                    + "(host, port, user name or on/off); repair writes the panel's settings again");
        }
        return new Inspection(settings, problems, enabled && !matchesOurs);
    }

    @Override
    public Preview preview(DesiredState desired) throws BackendException {
        String key = requireKey();
        Map<String, RegistryValue> current = read(key);
        ObjectNode saved = readState();
        boolean managedByUs = saved.path("managed").asBoolean(false);
        boolean manual = isEnabled(current) && !(managedByUs && matchesState(current, saved));
        Optional<Relay> relay = desired.server();
        if (relay.isEmpty() && !managedByUs) {
            return new Preview(List.of(), false);
        }
        Map<String, Optional<RegistryValue>> wanted =
                relay.map(SmartHostSettings::forRelay).orElseGet(SmartHostSettings::disabled);
        List<Preview.Line> lines = new ArrayList<>();
        wanted.forEach((name, value) -> {
            RegistryValue now = current.get(name);
            Preview.Action action;
            if (value.isEmpty()) {
                action = now == null ? Preview.Action.KEEP : Preview.Action.REMOVE;
            } else if (value.get().sameAs(now)) {
                action = Preview.Action.KEEP;
            } else if (now == null) {
                action = Preview.Action.ADD;
            } else {
                action = manual ? Preview.Action.TAKE_OVER : Preview.Action.CHANGE;
            }
            lines.add(new Preview.Line(name, SmartHostSettings.shown(name, now),
                    value.map(v -> SmartHostSettings.shown(name, v)).orElse(""), action));
        });
        return new Preview(lines, manual && relay.isPresent());
    }

    private void write(String key, Map<String, Optional<RegistryValue>> diff,
                       Map<String, Optional<RegistryValue>> previous) throws BackendException {
        try {
            registry.apply(key, diff);
            Map<String, Optional<RegistryValue>> unexpected = SmartHostSettings.differences(read(key), diff);
            if (!unexpected.isEmpty()) {
                throw new BackendException("read back", "the registry does not hold what was written for "
                        + String.join(", ", unexpected.keySet()) + rollBack(key, previous));
            }
        } catch (RegistryException e) {
            throw new BackendException("write registry", e.getMessage() + rollBack(key, previous), e);
        }
    }

    private void restart(String key, Map<String, Optional<RegistryValue>> previous) throws BackendException {
        try {
            services.restart(SMTP_SERVICE);
        } catch (ServiceException e) {
            String rollback = rollBack(key, previous);
            try {
                services.restart(SMTP_SERVICE);
            } catch (ServiceException again) {
                rollback += "; restarting " + SMTP_SERVICE + " with the previous values failed too: "
                        + again.getMessage();
            }
            throw new BackendException("restart " + SMTP_SERVICE, e.getMessage() + rollback, e);
        }
    }

    /** Writes the previous values back; returns text to append to the error. */
    private String rollBack(String key, Map<String, Optional<RegistryValue>> previous) {
        try {
            registry.apply(key, previous);
            return "; the previous values were restored";
        } catch (RegistryException e) {
            return "; restoring the previous values FAILED (" + e.getMessage() + "): check " + key + " by hand";
        }
    }

    private Map<String, RegistryValue> read(String key) throws BackendException {
        try {
            return registry.values(key);
        } catch (RegistryException e) {
            throw new BackendException("read registry", e.getMessage(), e);
        }
    }

    private Optional<String> smtpKey() throws RegistryException {
        for (String key : List.of(MailEnableValueNames.SMTP_KEY_64, MailEnableValueNames.SMTP_KEY_32)) {
            if (registry.keyExists(key)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private Optional<String> smtpKeyOrFail() throws BackendException {
        try {
            return smtpKey();
        } catch (RegistryException e) {
            throw new BackendException("read registry", e.getMessage(), e);
        }
    }

    private String requireKey() throws BackendException {
        return smtpKeyOrFail().orElseThrow(() -> new BackendException("locate MailEnable", notInstalled()));
    }

    private static String notInstalled() {
        return "MailEnable's SMTP connector settings were not found (" + MailEnableValueNames.SMTP_KEY_64 + " or "
                + MailEnableValueNames.SMTP_KEY_32 + "); is MailEnable installed on this server?";
    }

    private static boolean isEnabled(Map<String, RegistryValue> current) {
        RegistryValue enabled = current.get(ENABLED);
        return enabled != null && !"0".equals(enabled.data());
    }

    private static boolean matchesState(Map<String, RegistryValue> current, ObjectNode saved) {
        return isEnabled(current) == saved.path("enabled").asBoolean(false)
                && text(current, HOST).equals(saved.path("host").asText(""))
                && text(current, PORT).equals(saved.path("port").asText(""))
                && text(current, USERNAME).equals(saved.path("username").asText(""));
    }

    private static String text(Map<String, RegistryValue> current, String name) {
        RegistryValue value = current.get(name);
        return value == null ? "" : value.data();
    }

    private ObjectNode readState() throws BackendException {
        try {
            return state.read();
        } catch (IOException e) {
            throw new BackendException("read state", e.getMessage(), e);
        }
    }

    /** Remembers what the panel set (no secret), to tell its settings from ones made by hand. */
    private void saveState(Optional<Relay> relay, List<String> warnings) {
        ObjectNode saved = JsonNodeFactory.instance.objectNode();
        if (relay.isPresent()) {
            saved.put("managed", true);
            saved.put("enabled", true);
            saved.put("host", relay.get().address().host());
            saved.put("port", Integer.toString(relay.get().address().port()));
            saved.put("username", relay.get().credentials().map(c -> c.username()).orElse(""));
        }
        try {
            state.write(saved);
        } catch (IOException e) {
            warnings.add("MailEnable was updated, but " + state.path() + " could not be written (" + e.getMessage()
                    + "); inspect may report these settings as made by hand");
        }
    }

    private static ApplyReport report(long started, boolean changed, List<String> steps, List<String> warnings) {
        return new ApplyReport(changed, steps, warnings, Duration.ofNanos(System.nanoTime() - started));
    }
}
