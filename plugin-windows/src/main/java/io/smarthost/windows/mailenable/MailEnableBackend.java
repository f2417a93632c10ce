package io.smarthost.windows.mailenable;

import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_SERVICE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.ApplyWarning;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Drift;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.windows.CapabilityGuard;
import io.smarthost.windows.Platform;
import io.smarthost.windows.PleskPresence;
import io.smarthost.windows.WindowsWarnings;
import io.smarthost.windows.ScServiceControl;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.StateFile;
import io.smarthost.windows.WriterLock;
import io.smarthost.windows.mailenable.MailEnableValueNames.Field;
import io.smarthost.windows.mailenable.WindowsRegistry.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
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
 * <p>Apply holds a machine-wide lock ({@link WriterLock}), writes only under value names the key already
 * has ({@link SmartHostNames}), writes only the values that differ, reads them back, restarts
 * {@code MESMTPCS}, checks that it runs and that the values read back the same; if any of that fails the
 * previous values are written back (and the service restarted again) before the error is reported.
 */
@Extension
public final class MailEnableBackend implements MailBackend {

    static final String DISPLAY_NAME = "MailEnable";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Platform platform;
    private final WindowsRegistry registry;
    private final ServiceControl services;
    private final StateFile state;
    private final WriterLock lock;

    /** Used by the panel. */
    public MailEnableBackend(HostServices host) {
        this(Platform.current(),
                new RegExeRegistry(host.commands(), host.panel().pluginDataDir(), COMMAND_TIMEOUT),
                new ScServiceControl(host.commands(), COMMAND_TIMEOUT),
                new StateFile(host.panel().pluginDataDir().resolve("mailenable-state.json")),
                machineLock(host.panel().pluginDataDir()));
    }

    /** With explicit ports (tests, other hosts); the lock file sits beside the state file. */
    public MailEnableBackend(Platform platform, WindowsRegistry registry, ServiceControl services, StateFile state) {
        this(platform, registry, services, state, state.path().resolveSibling("mailenable.lock"));
    }

    /** With explicit ports and lock file ({@link WriterLock}). */
    public MailEnableBackend(Platform platform, WindowsRegistry registry, ServiceControl services, StateFile state,
                             Path lockFile) {
        this.platform = platform;
        this.registry = registry;
        this.services = services;
        this.state = state;
        this.lock = new WriterLock(lockFile, LOCK_WAIT, "MailEnable's SMTP connector settings");
    }

    /**
     * The registry is one per machine, so the lock is too: {@code %ProgramData%\\Smarthost\\mailenable.lock}
     * on Windows (every panel home on the server shares it), the plugin's data folder elsewhere.
     */
    private static Path machineLock(Path pluginDataDir) {
        String programData = System.getenv("ProgramData");
        return Platform.current().isWindows() && programData != null && !programData.isBlank()
                ? Path.of(programData, "Smarthost", "mailenable.lock") : pluginDataDir.resolve("mailenable.lock");
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
                "The Smart Host registry value names are assumptions, not yet checked on a real server: the panel writes "
                        + "only names that already exist under the SMTP connector key (\"Smart Host ...\" or \"SmartHost "
                        + "...\"), reads every value back, and panel bin smarthost --probe shows what the key holds.",
                // SRS: the panel has no packaged SRS rewriter to wire into this mail server
                "SRS (rewriting the sender of forwarded mail so that it keeps passing SPF) is not supported with MailEnable: "
                        + "the panel offers it with Postfix only.",
                "No relay per sender address: the SMTP connector has one Smart Host for all mail.",
                "No backup relay: MailEnable's SMTP connector holds one smart host; a second relay is not offered."),
                false, false, io.smarthost.core.backend.BackupSupport.none()); // SRS, per-sender relays, backup (1.3): not supported
    }

    @Override
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        long started = System.nanoTime();
        CapabilityGuard.requireHonoured(DISPLAY_NAME, capabilities(), desired, changes);
        if (!changes.full() && !changes.server()) {
            return report(started, false, List.of("nothing to apply: MailEnable has no per-domain relay"), List.of());
        }
        return lock.holding(() -> applyLocked(started, desired));
    }

    private ApplyReport applyLocked(long started, DesiredState desired) throws BackendException {
        String key = requireKey();
        Map<String, RegistryValue> current = read(key);
        ObjectNode saved = readState();
        boolean managedByUs = saved.path("managed").asBoolean(false);
        Optional<Relay> relay = desired.server();
        if (relay.isEmpty() && !managedByUs) {
            return report(started, false, List.of("no server-wide smarthost; MailEnable's Smart Host settings "
                    + "were not set by the panel and are left as they are"), List.of());
        }
        SmartHostNames names = SmartHostNames.discover(current);
        if (!names.complete()) {
            throw new BackendException("value names", names.refusal(key, current));
        }
        Map<String, Optional<RegistryValue>> wanted =
                relay.map(r -> SmartHostSettings.forRelay(names, r)).orElseGet(() -> SmartHostSettings.disabled(names));
        Map<String, Optional<RegistryValue>> diff = SmartHostSettings.differences(current, wanted);
        List<ApplyWarning> warnings = new ArrayList<>();
        plesk().ifPresent(warnings::add);
        if (managedByUs && !matchesState(current, names, saved)) {
            warnings.add(WindowsWarnings.of("mailenable.changedOutside", drift(current, names, saved, key, Optional.empty())
                    .stream().map(Drift::describe).collect(java.util.stream.Collectors.joining("; "))));
        }
        if (diff.isEmpty()) {
            saveState(relay, warnings);
            return report(started, false, List.of("MailEnable already has these Smart Host settings"), warnings);
        }
        Map<String, Optional<RegistryValue>> previous = SmartHostSettings.snapshot(current, diff.keySet());
        List<String> steps = new ArrayList<>();
        ProvenWrite proven = new ProvenWrite(registry, services, key);
        proven.write(diff, previous);
        diff.forEach((name, value) -> steps.add(value.isPresent()
                ? "set " + name + " = " + SmartHostSettings.shown(name, value.get())
                : "deleted " + name));
        steps.add("read back " + diff.size() + " value(s) from " + key);
        proven.restart(diff, previous);
        steps.add("restarted " + SMTP_SERVICE + "; it runs, and the values read back the same after the restart");
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
        SmartHostNames names = SmartHostNames.discover(current);
        List<Inspection.Setting> settings = new ArrayList<>();
        for (Field field : Field.values()) {
            String name = names.names().get(field);
            if (name != null) {
                settings.add(new Inspection.Setting(name, SmartHostSettings.shown(name, current.get(name)), key.get(),
                        true));
            }
        }
        ObjectNode saved = readState();
        List<String> problems = new ArrayList<>();
        if (!names.complete()) {
            problems.add(names.refusal(key.get(), current));
        }
        plesk().map(ApplyWarning::text).ifPresent(problems::add);
        boolean managed = saved.path("managed").asBoolean(false);
        boolean matchesOurs = managed && matchesState(current, names, saved);
        List<Drift> drift = managed && !matchesOurs ? drift(current, names, saved, key.get(), Optional.empty())
                : List.of();
        if (!drift.isEmpty()) {
            problems.add("MailEnable's Smart Host settings were changed outside the panel since the last apply"
                    + plesk().map(p -> " (Plesk is installed and writes them too)").orElse("")
                    + "; repair writes the panel's settings again");
        }
        return new Inspection(settings, problems, isEnabled(current, names) && !matchesOurs, drift, Optional.empty());
    }

    @Override
    public Preview preview(DesiredState desired) throws BackendException {
        String key = requireKey();
        Map<String, RegistryValue> current = read(key);
        SmartHostNames names = SmartHostNames.discover(current);
        ObjectNode saved = readState();
        boolean managedByUs = saved.path("managed").asBoolean(false);
        Optional<Relay> relay = desired.server();
        if (relay.isEmpty() && !managedByUs) {
            return new Preview(List.of(), false);
        }
        if (!names.complete()) {
            return new Preview(names.problems().stream().map(p -> new Preview.Line(p.substring(0, p.indexOf(':')),
                    "", "not written: " + p.substring(p.indexOf(':') + 2), Preview.Action.KEEP)).toList(), false);
        }
        boolean manual = isEnabled(current, names) && !(managedByUs && matchesState(current, names, saved));
        Map<String, Optional<RegistryValue>> wanted =
                relay.map(r -> SmartHostSettings.forRelay(names, r)).orElseGet(() -> SmartHostSettings.disabled(names));
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
        List<Drift> drift = managedByUs && manual ? drift(current, names, saved, key, Optional.of(wanted)) : List.of();
        return new Preview(lines, manual && (relay.isPresent() || !drift.isEmpty()), drift);
    }

    /** Looks at the SMTP connector key and the service without writing ({@link MailEnableProbe}). */
    @Override
    public Probe probe(Optional<String> domain) throws BackendException {
        if (!platform.isWindows()) {
            return new Probe(DISPLAY_NAME, List.of(new Probe.Finding("Windows registry", Probe.Status.FAILED,
                    "this panel does not run on Windows: MailEnable's registry can only be read on its own server")),
                    List.of());
        }
        return new MailEnableProbe(registry, services).run(smtpKeyOrFail(), plesk().map(ApplyWarning::text), readState());
    }

    /** The panel's values changed outside it: host, port, user name, on/off, each with what the panel wrote. */
    private static List<Drift> drift(Map<String, RegistryValue> current, SmartHostNames names, ObjectNode saved,
                                     String key, Optional<Map<String, Optional<RegistryValue>>> proposed) {
        List<Drift> drift = new ArrayList<>();
        Map<Field, String> panel = Map.of(Field.ENABLED, saved.path("enabled").asBoolean(false) ? "1" : "0",
                Field.HOST, saved.path("host").asText(""), Field.PORT, saved.path("port").asText(""),
                Field.USERNAME, saved.path("username").asText(""));
        for (Field field : List.of(Field.ENABLED, Field.HOST, Field.PORT, Field.USERNAME)) {
            String name = names.names().get(field);
            if (name == null) {
                continue;
            }
            String hand = text(current, name);
            if (!hand.equals(panel.get(field))) {
                String next = proposed.map(p -> p.get(name)).flatMap(v -> v).map(RegistryValue::data)
                        .orElse(panel.get(field));
                drift.add(new Drift(name, key, hand, panel.get(field), next));
            }
        }
        return drift;
    }

    private Optional<ApplyWarning> plesk() {
        return PleskPresence.installedKey(platform, registry::keyExists).map(key -> PleskPresence.warning(key, "mailenable"));
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

    private static boolean isEnabled(Map<String, RegistryValue> current, SmartHostNames names) {
        String name = names.names().get(Field.ENABLED);
        RegistryValue enabled = name == null ? null : current.get(name);
        return enabled != null && !"0".equals(enabled.data());
    }

    private static boolean matchesState(Map<String, RegistryValue> current, SmartHostNames names, ObjectNode saved) {
        return isEnabled(current, names) == saved.path("enabled").asBoolean(false)
                && text(current, names.names().get(Field.HOST)).equals(saved.path("host").asText(""))
                && text(current, names.names().get(Field.PORT)).equals(saved.path("port").asText(""))
                && text(current, names.names().get(Field.USERNAME)).equals(saved.path("username").asText(""));
    }

    private static String text(Map<String, RegistryValue> current, String name) {
        RegistryValue value = name == null ? null : current.get(name);
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
    private void saveState(Optional<Relay> relay, List<ApplyWarning> warnings) {
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
            warnings.add(WindowsWarnings.of("mailenable.stateNotWritten", state.path(), e.getMessage()));
        }
    }

    private static ApplyReport report(long started, boolean changed, List<String> steps, List<ApplyWarning> warnings) {
        return new ApplyReport(changed, steps, warnings, Duration.ofNanos(System.nanoTime() - started));
    }
}
