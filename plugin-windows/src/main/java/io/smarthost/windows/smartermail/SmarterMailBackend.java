package io.smarthost.windows.smartermail;

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
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.windows.CapabilityGuard;
import io.smarthost.windows.Platform;
import io.smarthost.windows.PleskPresence;
import io.smarthost.windows.WindowsWarnings;
import io.smarthost.windows.ScServiceControl;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.StateFile;
import io.smarthost.windows.WriterLock;
import io.smarthost.windows.mailenable.RegExeRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * SmarterMail: smarthosts as outbound gateways, managed through SmarterMail's web service
 * ({@link SmarterMailAdapter}); see {@link GatewayReconciler} for how relays map to gateways.
 * On a failed call, the changes of this apply are undone before the error is reported.
 */
@Extension
public final class SmarterMailBackend implements MailBackend {

    static final String DISPLAY_NAME = "SmarterMail";
    /** ASSUMPTION: SmarterMail's Windows service short name (display name "SmarterMail"). */
    static final String SERVICE = "MailService";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    /** Where the backend gets a logged-in adapter from. */
    public interface AdapterSource {
        /** Whether SmarterMail's address is configured at all. */
        boolean configured();

        SmarterMailAdapter open() throws Exception;
    }

    private final Platform platform;
    private final ServiceControl services;
    private final AdapterSource source;
    private final SecretBox secrets;
    private final StateFile state;
    private final WriterLock lock;
    private final PleskPresence.KeyLookup registry;
    /** The stored login, offered as the backend's settings form; empty with explicit ports. */
    private final Optional<SmarterMailLogin> login;

    /** Used by the panel. */
    public SmarterMailBackend(HostServices host) {
        this(host, new SmarterMailLogin(host));
    }

    private SmarterMailBackend(HostServices host, SmarterMailLogin login) {
        this(Platform.current(), new ScServiceControl(host.commands(), Duration.ofSeconds(30)), loginSource(login),
                host.secrets(), new StateFile(host.panel().pluginDataDir().resolve("smartermail-state.json")),
                new RegExeRegistry(host.commands(), host.panel().pluginDataDir(), Duration.ofSeconds(30))::keyExists,
                Optional.of(login));
    }

    /** With explicit ports (tests, other hosts); no settings form (the source says how to log in). */
    public SmarterMailBackend(Platform platform, ServiceControl services, AdapterSource source, SecretBox secrets,
                              StateFile state) {
        this(platform, services, source, secrets, state, key -> false, Optional.empty());
    }

    /** With explicit ports and a registry look-up for Plesk's presence ({@link PleskPresence}). */
    public SmarterMailBackend(Platform platform, ServiceControl services, AdapterSource source, SecretBox secrets,
                              StateFile state, PleskPresence.KeyLookup registry) {
        this(platform, services, source, secrets, state, registry, Optional.empty());
    }

    private SmarterMailBackend(Platform platform, ServiceControl services, AdapterSource source, SecretBox secrets,
                               StateFile state, PleskPresence.KeyLookup registry, Optional<SmarterMailLogin> login) {
        this.platform = platform;
        this.services = services;
        this.source = source;
        this.secrets = secrets;
        this.state = state;
        this.registry = registry;
        this.lock = new WriterLock(state.path().resolveSibling("smartermail.lock"), LOCK_WAIT,
                "SmarterMail's outbound gateways");
        this.login = login;
    }

    @Override
    public String id() {
        return "smartermail";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public boolean detect() {
        if (source.configured()) {
            return true;
        }
        try {
            return platform.isWindows() && services.exists(SERVICE);
        } catch (ServiceControl.ServiceException e) {
            return false;
        }
    }

    /** SmarterMail's web service address and administrator login ({@link SmarterMailLogin}). */
    @Override
    public Optional<SettingsForm> settingsForm() {
        return login.map(SmarterMailLogin::form);
    }

    /** Logs in once with the values, then stores them; nothing is stored when SmarterMail refuses. */
    @Override
    public String saveSettings(Map<String, String> values, Map<String, Secret> secrets) throws BackendException {
        return login.orElseThrow(() -> new IllegalArgumentException("this SmarterMail backend was given its login"
                + " source by its creator; it has no settings form")).save(values, secrets);
    }

    /**
     * SmarterMail verifies relay certificates with the Windows certificate store and rules of its own,
     * which the panel cannot read: the connection check judges by the panel's trust store and says
     * that the mail server may decide otherwise.
     */
    @Override
    public MailServerTrust certificateTrust() {
        return MailServerTrust.unknown(DISPLAY_NAME);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, Set.of(Encryption.STARTTLS, Encryption.TLS, Encryption.NONE),
                false, false, List.of(
                "Encryption maps to SmarterMail's gateway choice: starttls = \"TLS\", tls (implicit, port 465) = "
                        + "\"SSL\", none = not required. A mode the relay does not offer makes it refuse the connection.",
                "Relay certificates are checked by SmarterMail's own rules; they cannot be switched per relay.",
                "SmarterMail connects to the host given (no MX lookup choice).",
                "Domain aliases send through their domain's gateway.",
                "The gateway endpoints and field names of SmarterMail's web service are assumptions, not yet checked "
                        + "against a real server: every write is read back and an apply fails (and is undone) when "
                        + "SmarterMail did not keep it; panel bin smarthost --probe shows what the server answers.",
                // SRS: the panel has no packaged SRS rewriter to wire into this mail server
                "SRS (rewriting the sender of forwarded mail so that it keeps passing SPF) is not supported with SmarterMail: "
                        + "the panel offers it with Postfix only.",
                "No relay per sender address: a gateway serves whole domains (\"Specific Domains\"), not single senders.",
                "No backup relay: whether SmarterMail fails over between gateways is not established, so a second "
                        + "relay is not offered."),
                false, false, io.smarthost.core.backend.BackupSupport.none()); // SRS, per-sender relays, backup (1.3): not supported
    }

    @Override
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        CapabilityGuard.requireHonoured(DISPLAY_NAME, capabilities(), desired, changes);
        return lock.holding(() -> applyLocked(desired, changes));
    }

    private ApplyReport applyLocked(DesiredState desired, ChangeSet changes) throws BackendException {
        long started = System.nanoTime();
        SmarterMailAdapter api = open();
        ObjectNode document = readState();
        Optional<Relay> server = desired.server();
        GatewayReconciler reconciler = null;
        try {
            reconciler = new GatewayReconciler(api, secrets, document, api.listGateways());
            if ((changes.full() || changes.server()) && server.isPresent()) {
                reconciler.server(server.get());
            }
            for (Map.Entry<String, Optional<Relay>> domain : domainsToApply(desired, changes, document).entrySet()) {
                reconciler.domain(domain.getKey(), domain.getValue());
            }
            reconciler.removeUnused(server.isPresent(), changes.full());
        } catch (SmarterMailException e) {
            String rollback = reconciler == null ? "" : reconciler.rollback();
            String step = e instanceof ProofException proof ? proof.step() : "SmarterMail web service";
            throw new BackendException(step, e.getMessage() + rollback, e);
        }
        List<ApplyWarning> warnings = new ArrayList<>(reconciler.warnings());
        plesk().ifPresent(warnings::add);
        try {
            state.write(document);
        } catch (IOException e) {
            warnings.add(WindowsWarnings.of("smartermail.stateNotWritten", state.path(), e.getMessage()));
        }
        List<String> steps = reconciler.steps();
        return new ApplyReport(!steps.isEmpty(), steps.isEmpty() ? List.of("SmarterMail already has these gateways")
                : steps, warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public Inspection inspect() throws BackendException {
        List<Gateway> gateways = list(open());
        ObjectNode document = readState();
        Map<String, String> keyOfId = keysById(document);
        List<Inspection.Setting> settings = new ArrayList<>();
        boolean manual = false;
        for (Gateway gateway : gateways) {
            if (gateway.inbound()) {
                settings.add(new Inspection.Setting("inbound gateway " + gateway.id(), gateway.summary(),
                        "Settings > Gateways (inbound: never touched by the panel)", false));
                continue;
            }
            boolean ours = gateway.description().startsWith(GatewayReconciler.MARKER)
                    || keyOfId.containsKey(gateway.id());
            settings.add(new Inspection.Setting("outbound gateway " + gateway.id(), gateway.summary(),
                    "Settings > Gateways / Failover" + (gateway.description().isEmpty() ? "" : ": "
                    + gateway.description()), ours));
            manual |= !ours && gateway.enabled() && gateway.type() == Gateway.Type.ROUND_ROBIN;
        }
        List<String> problems = new ArrayList<>();
        document.path("gateways").fields().forEachRemaining(entry -> {
            String id = entry.getValue().path("id").asText();
            if (gateways.stream().noneMatch(g -> g.id().equals(id))) {
                problems.add("gateway \"" + entry.getKey() + "\" (id " + id + ") was deleted in SmarterMail; "
                        + "repair creates it again");
            }
        });
        plesk().map(ApplyWarning::text).ifPresent(problems::add);
        List<Drift> drift = drift(gateways, document, Optional.empty());
        drift.forEach(d -> problems.add(d.describe()));
        return new Inspection(settings, problems, manual || !drift.isEmpty(), drift, Optional.empty());
    }

    @Override
    public Preview preview(DesiredState desired) throws BackendException {
        List<Gateway> gateways = list(open());
        ObjectNode document = readState();
        Map<String, String> keyOfId = keysById(document);
        Map<String, Gateway> ours = new LinkedHashMap<>();
        List<Preview.Line> lines = new ArrayList<>();
        for (Gateway gateway : gateways) {
            String key = gateway.description().startsWith(GatewayReconciler.MARKER)
                    ? gateway.description().substring(GatewayReconciler.MARKER.length()) : keyOfId.get(gateway.id());
            if (gateway.inbound()) {
                continue;
            } else if (key != null) {
                ours.put(key, gateway);
            } else {
                lines.add(new Preview.Line("gateway " + gateway.id() + " (not set by the panel)", gateway.summary(),
                        gateway.summary(), Preview.Action.KEEP));
            }
        }
        Gateway current = ours.get(GatewayReconciler.SERVER_KEY);
        Optional<Gateway> proposed = desired.server().map(r -> Gateway.of(r, Gateway.Type.ROUND_ROBIN,
                GatewayReconciler.MARKER + GatewayReconciler.SERVER_KEY));
        lines.add(new Preview.Line("server-wide gateway (Round Robin)", current == null ? "" : current.summary(),
                proposed.map(Gateway::summary).orElse(""), action(current, proposed)));
        desired.forEachDomain((domain, relay) -> lines.add(new Preview.Line("domain " + domain + " gateway",
                "", Gateway.of(relay, Gateway.Type.SPECIFIC_DOMAINS, "").summary(), Preview.Action.ADD)));
        List<Drift> drift = drift(gateways, document, Optional.of(proposed));
        return new Preview(lines, !drift.isEmpty(), drift);
    }

    /**
     * The panel's gateways that were changed in SmarterMail since the panel wrote them (by hand, by Plesk, by
     * another panel): each must be confirmed before the panel writes over it.
     *
     * @param server what the change at hand writes to the server-wide gateway, when known (a preview)
     */
    private List<Drift> drift(List<Gateway> gateways, ObjectNode document, Optional<Optional<Gateway>> server) {
        List<Drift> drift = new ArrayList<>();
        document.path("gateways").fields().forEachRemaining(entry -> {
            Optional<Gateway> wrote = GatewayReconciler.recalledIfAny(entry.getValue().path("wrote"));
            String id = entry.getValue().path("id").asText();
            Optional<Gateway> live = gateways.stream().filter(g -> g.id().equals(id)).findFirst();
            if (wrote.isEmpty() || live.isEmpty()) {
                return;
            }
            Gateway panel = wrote.get();
            if (!live.get().differencesFrom(panel).isEmpty()) {
                String proposed = entry.getKey().equals(GatewayReconciler.SERVER_KEY) && server.isPresent()
                        ? server.get().map(Gateway::summary).orElse("") : panel.summary();
                drift.add(new Drift("gateway \"" + entry.getKey() + "\"", "SmarterMail Settings > Gateways, id " + id
                        + plesk().map(p -> " (Plesk is installed and writes gateways too)").orElse(""),
                        live.get().summary(), panel.summary(), proposed));
            }
        });
        return drift;
    }

    private static Map<String, String> keysById(ObjectNode document) {
        Map<String, String> keys = new LinkedHashMap<>();
        document.path("gateways").fields().forEachRemaining(e -> keys.put(e.getValue().path("id").asText(), e.getKey()));
        return keys;
    }

    /** The warning naming Plesk, when Plesk is installed here (it writes SmarterMail gateways too). */
    private Optional<ApplyWarning> plesk() {
        return PleskPresence.installedKey(platform, registry).map(key -> PleskPresence.warning(key, "smartermail"));
    }

    /** Reads SmarterMail's gateway list and one domain's settings, writes nothing ({@link SmarterMailProbe}). */
    @Override
    public Probe probe(Optional<String> domain) throws BackendException {
        if (!source.configured()) {
            return new Probe(DISPLAY_NAME, List.of(new Probe.Finding("login", Probe.Status.FAILED,
                    "SmarterMail's address is not set: run panel bin smarthost --smartermail-login first")), List.of());
        }
        SmarterMailAdapter api;
        try {
            api = source.open();
        } catch (Exception e) {
            return new Probe(DISPLAY_NAME, List.of(new Probe.Finding("login", Probe.Status.FAILED,
                    String.valueOf(e.getMessage()))), List.of());
        }
        // without -domain: a domain the panel assigned a gateway to, if any
        java.util.Iterator<String> assigned = readState().path("domains").fieldNames();
        Optional<String> sample = domain.or(() -> assigned.hasNext() ? Optional.of(assigned.next()) : Optional.empty());
        SmarterMailProbe probe = new SmarterMailProbe(api).run(sample);
        List<Probe.Finding> findings = new ArrayList<>(probe.findings());
        plesk().ifPresent(w -> findings.add(new Probe.Finding("Plesk", Probe.Status.INFO, w.text())));
        return new Probe(DISPLAY_NAME, findings, probe.answers());
    }

    private static Preview.Action action(Gateway current, Optional<Gateway> proposed) {
        if (current == null) {
            return proposed.isPresent() ? Preview.Action.ADD : Preview.Action.KEEP;
        }
        if (proposed.isEmpty()) {
            return Preview.Action.REMOVE;
        }
        return current.sameSettings(proposed.get()) ? Preview.Action.KEEP : Preview.Action.CHANGE;
    }

    /** Domains to look at, with their relay (empty: take it off): the named ones, or all (and stale ones) when full. */
    private static Map<String, Optional<Relay>> domainsToApply(DesiredState desired, ChangeSet changes,
                                                             ObjectNode document) {
        Map<String, Optional<Relay>> todo = new LinkedHashMap<>();
        if (changes.full()) {
            desired.forEachDomain((domain, relay) -> todo.put(domain, Optional.of(relay)));
            document.path("domains").fieldNames().forEachRemaining(domain -> todo.putIfAbsent(domain, Optional.empty()));
        } else {
            for (String domain : changes.senderDomains()) {
                todo.put(domain, desired.domain(domain));
            }
        }
        return todo;
    }

    private SmarterMailAdapter open() throws BackendException {
        if (!source.configured()) {
            throw new BackendException("SmarterMail login", "SmarterMail's address is not set: run panel bin smarthost "
                    + "--smartermail-login -url URL -username NAME -password-stdin, or set [mail] "
                    + SmarterMailLogin.INI_URL + " in panel.ini");
        }
        try {
            return source.open();
        } catch (Exception e) {
            throw new BackendException("SmarterMail login", e.getMessage(), e);
        }
    }

    private static List<Gateway> list(SmarterMailAdapter api) throws BackendException {
        try {
            return api.listGateways();
        } catch (SmarterMailException e) {
            throw new BackendException("SmarterMail web service", e.getMessage(), e);
        }
    }

    private ObjectNode readState() throws BackendException {
        try {
            return state.read();
        } catch (IOException e) {
            throw new BackendException("read state", e.getMessage(), e);
        }
    }

    /** Keeps one logged-in adapter while the stored login stays the same. */
    private static AdapterSource loginSource(SmarterMailLogin login) {
        return new AdapterSource() {
            private SmarterMailLogin.Login last;
            private SmarterMailAdapter adapter;

            @Override
            public boolean configured() {
                return login.configured();
            }

            @Override
            public synchronized SmarterMailAdapter open() throws Exception {
                SmarterMailLogin.Login current = login.load();
                if (adapter == null || !current.url().equals(last.url()) || !current.username().equals(last.username())
                        || !current.password().equals(last.password()) || !current.timeout().equals(last.timeout())) {
                    adapter = new SmarterMailAdapter(current.url(), current.username(), current.password(),
                            current.timeout(), Clock.systemUTC());
                    last = current;
                }
                return adapter;
            }
        };
    }
}
