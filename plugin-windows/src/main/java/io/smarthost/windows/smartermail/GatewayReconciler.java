package io.smarthost.windows.smartermail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.ApplyWarning;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.windows.WindowsWarnings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One apply's worth of changes to SmarterMail's outbound gateways, each proven by reading it back, with an
 * undo log.
 *
 * <p>The server-wide relay is one Round Robin gateway; domain relays are Specific Domains gateways, one per
 * distinct relay and login, each domain assigned to its gateway. The panel finds its gateways again by the
 * {@link #MARKER} in their description, and where SmarterMail's replies have no description field (its
 * current help shows none) by the id it remembers, else by address, port and login name. Inbound gateways
 * are never looked at. The state document remembers each gateway's id, what the panel last wrote to it,
 * its password sealed by the panel's secret box (SmarterMail never gives passwords back), and which gateway
 * each domain uses.
 *
 * <p>Proof: after each write the gateways are listed again ({@link GatewayListing}): the written gateway must hold
 * what was written (else {@code read back} fails, naming the field), and every other gateway must be as this
 * apply last saw it (else {@code second writer} fails, naming the gateway): SmarterMail answers 200 success
 * to a body it does not understand, and has no lock the panel could take. A domain's assignment is read back
 * from its domain settings. Any failure undoes this apply's changes, newest first.
 */
final class GatewayReconciler {

    static final String MARKER = "smarthost-panel: ";
    static final String SERVER_KEY = "server";

    @FunctionalInterface
    private interface Undo {
        void run() throws SmarterMailException;
    }

    private final SmarterMailAdapter api;
    private final SecretBox secrets;
    private final ObjectNode gateways;
    private final ObjectNode domains;
    private final GatewayListing listing;
    private final Map<String, Gateway> ours = new LinkedHashMap<>();
    private final Set<String> ensured = new HashSet<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<String> steps = new ArrayList<>();
    private final List<ApplyWarning> warnings = new ArrayList<>();

    GatewayReconciler(SmarterMailAdapter api, SecretBox secrets, ObjectNode state, List<Gateway> existing) {
        this.api = api;
        this.secrets = secrets;
        this.gateways = state.has("gateways") ? (ObjectNode) state.get("gateways") : state.putObject("gateways");
        this.domains = state.has("domains") ? (ObjectNode) state.get("domains") : state.putObject("domains");
        this.listing = new GatewayListing(api, existing);
    }

    void server(Relay relay) throws SmarterMailException {
        ensure(SERVER_KEY, Gateway.Type.ROUND_ROBIN, relay);
    }

    /** Points {@code domain} at the gateway for {@code relay}, or takes it off the panel's gateway. */
    void domain(String domain, Optional<Relay> relay) throws SmarterMailException {
        String previousKey = domains.path(domain).asText("");
        if (relay.isEmpty() && previousKey.isEmpty()) {
            return; // never ours: leave whatever SmarterMail has
        }
        Optional<String> current;
        try {
            current = api.domainGateway(domain);
        } catch (SmarterMailException e) {
            // Only "no such domain" (404, or 200 with success=false) means an alias; anything else is a failure.
            if (e.status() != 404 && e.status() != 200) {
                throw e;
            }
            warnings.add(WindowsWarnings.of("smartermail.notADomain", domain, e.getMessage()));
            domains.remove(domain);
            return;
        }
        if (relay.isPresent()) {
            String key = groupKey(relay.get());
            String id = ensure(key, Gateway.Type.SPECIFIC_DOMAINS, relay.get());
            if (!current.equals(Optional.of(id))) {
                assign(domain, Optional.of(id), current);
                steps.add("domain " + domain + " now sends through gateway \"" + key + "\" (read back)");
            }
            domains.put(domain, key);
        } else {
            String ourId = gateways.path(previousKey).path("id").asText("");
            if (current.isPresent() && current.get().equals(ourId)) {
                assign(domain, Optional.empty(), current);
                steps.add("domain " + domain + " no longer uses gateway \"" + previousKey + "\" (read back)");
            }
            domains.remove(domain);
        }
    }

    /**
     * Deletes the panel's gateways nothing uses any more (last, after all else worked; a failure here
     * is a warning and is retried next time). With {@code full}, also deletes marked gateways the
     * state does not know (left over from a lost state file, or duplicates of one of ours).
     */
    void removeUnused(boolean serverRelay, boolean full) throws SmarterMailException {
        Set<String> used = new HashSet<>();
        domains.fields().forEachRemaining(e -> used.add(e.getValue().asText()));
        if (serverRelay) {
            used.add(SERVER_KEY);
        }
        List<String> known = new ArrayList<>();
        gateways.fieldNames().forEachRemaining(known::add);
        for (String key : known) {
            if (!used.contains(key)) {
                String id = gateways.path(key).path("id").asText("");
                if (id.isEmpty() || listing.get(id).isEmpty()) {
                    gateways.remove(key); // already gone from SmarterMail
                } else if (delete(key, id)) {
                    gateways.remove(key);
                }
            }
        }
        if (full) {
            Set<String> keep = new HashSet<>();
            gateways.fields().forEachRemaining(e -> keep.add(e.getValue().path("id").asText("")));
            for (Gateway marked : listing.outbound()) {
                if (marked.description().startsWith(MARKER) && !keep.contains(marked.id())) {
                    delete(marked.description().substring(MARKER.length()), marked.id());
                }
            }
        }
    }

    /** Undoes this apply's changes, newest first; returns text for the error message. */
    String rollback() {
        List<String> failures = new ArrayList<>();
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (SmarterMailException e) {
                failures.add(e.getMessage());
            }
        }
        return failures.isEmpty() ? "; the changes made so far were undone and SmarterMail is as before"
                : "; undoing the changes made so far FAILED: " + String.join("; ", failures);
    }

    List<String> steps() {
        return steps;
    }

    List<ApplyWarning> warnings() {
        return warnings;
    }

    private String ensure(String key, Gateway.Type type, Relay relay) throws SmarterMailException {
        if (ensured.contains(key)) {
            return gateways.path(key).path("id").asText();
        }
        Gateway wanted = Gateway.of(relay, type, MARKER + key);
        Optional<Gateway> existing = find(key, wanted);
        String id;
        if (existing.isEmpty()) {
            id = api.createGateway(wanted);
            undo.push(() -> api.deleteGateway(id));
            listing.proveWritten(id, wanted, "created");
            steps.add("created gateway \"" + key + "\": " + wanted.summary() + " (read back)");
        } else {
            Gateway found = existing.get();
            id = found.id();
            driftNote(key, found);
            if (!found.differencesFrom(wanted).isEmpty() || !samePassword(gateways.get(key), relay)) {
                Optional<Secret> previousPassword = storedPassword(gateways.get(key));
                api.updateGateway(wanted.withId(id));
                undo.push(() -> api.updateGateway(withPassword(found, previousPassword)));
                listing.proveWritten(id, wanted, "updated");
                steps.add("updated gateway \"" + key + "\": " + wanted.summary() + " (read back)");
            }
        }
        ObjectNode entry = gateways.putObject(key);
        entry.put("id", id);
        relay.credentials().ifPresent(c -> entry.put("sealed", secrets.seal(c.secret())));
        remember(entry.putObject("wrote"), wanted);
        ours.put(key, wanted.withId(id));
        ensured.add(key);
        return id;
    }

    /**
     * The panel's gateway for {@code key}: by marker; where SmarterMail shows no description, by the id the
     * state remembers, else by address, port and login name. Two or more candidates that the state cannot
     * tell apart are refused: updating one at random could take over a gateway made by hand.
     */
    private Optional<Gateway> find(String key, Gateway wanted) throws ProofException {
        String knownId = gateways.path(key).path("id").asText("");
        List<Gateway> candidates = new ArrayList<>();
        for (Gateway g : listing.outbound()) {
            boolean claimed = ours.values().stream().anyMatch(o -> o.id().equals(g.id()));
            if (claimed) {
                continue;
            }
            if (g.hasDescriptionField() ? g.description().equals(MARKER + key) || g.id().equals(knownId)
                    : g.id().equals(knownId) || g.sameIdentity(wanted) && g.type() == wanted.type()) {
                candidates.add(g);
            }
        }
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        Optional<Gateway> known = candidates.stream().filter(g -> g.id().equals(knownId)).findFirst();
        List<String> ids = candidates.stream().map(Gateway::id).toList();
        if (known.isPresent()) {
            warnings.add(WindowsWarnings.of(known.get().hasDescriptionField() ? "smartermail.duplicates.marked"
                    : "smartermail.duplicates.unmarked", candidates.size(), key, String.join(", ", ids), knownId));
            return known;
        }
        throw new ProofException("duplicate gateways", "SmarterMail has " + candidates.size() + " outbound gateways "
                + "that match the panel's gateway \"" + key + "\" (ids " + String.join(", ", ids) + ", "
                + candidates.get(0).summary() + ") and the panel does not know which one it made; delete the extra "
                + "ones in SmarterMail (Settings > Gateways) and apply again. Nothing was written.");
    }

    /** A warning when the panel's gateway was changed in SmarterMail since the panel wrote it. */
    private void driftNote(String key, Gateway found) {
        Optional<Gateway> wrote = recalledIfAny(gateways.path(key).path("wrote"));
        if (wrote.isEmpty()) {
            return;
        }
        List<String> changed = found.differencesFrom(wrote.get());
        if (!changed.isEmpty()) {
            warnings.add(WindowsWarnings.of("smartermail.changedOutside", key, found.id(), String.join("; ", changed)));
        }
    }

    private void assign(String domain, Optional<String> id, Optional<String> previous) throws SmarterMailException {
        api.assignDomainGateway(domain, id);
        undo.push(() -> api.assignDomainGateway(domain, previous));
        Optional<String> readBack = api.domainGateway(domain);
        if (!readBack.equals(id)) {
            throw new ProofException("read back", "domain " + domain + ": SmarterMail answered success, but its "
                    + "domain settings give gateway \"" + readBack.orElse("") + "\" where the panel set \""
                    + id.orElse("") + "\" (field " + SmarterMailAdapter.F_DOMAIN_SETTINGS + "."
                    + SmarterMailAdapter.F_DOMAIN_GATEWAY + " is probably not SmarterMail's; run panel bin smarthost "
                    + "--probe)");
        }
    }

    /** Deletes and proves it; false (and a warning) when it could not. */
    private boolean delete(String key, String id) throws SmarterMailException {
        try {
            api.deleteGateway(id);
        } catch (SmarterMailException e) {
            warnings.add(WindowsWarnings.of("smartermail.notDeleted", key, e.getMessage()));
            return false;
        }
        try {
            listing.proveDeleted(id);
        } catch (ProofException e) {
            if (!e.step().equals("read back")) {
                throw e;
            }
            warnings.add(WindowsWarnings.of("smartermail.retry", e.getMessage()));
            return false;
        }
        steps.add("deleted gateway \"" + key + "\" (id " + id + ", read back)");
        return true;
    }

    /**
     * The key of the gateway for a domain relay: host, port, encryption and user name (no secret), and
     * "#2", "#3"... when the same user name comes with a different password (two accounts of one service).
     */
    private String groupKey(Relay relay) {
        String base = relay.address().host() + ":" + relay.address().port() + " " + relay.encryption().id()
                + relay.credentials().map(c -> " " + c.username()).orElse("");
        for (int n = 1; ; n++) {
            String key = n == 1 ? base : base + " #" + n;
            JsonNode entry = gateways.get(key);
            if (entry == null || samePassword(entry, relay)) {
                return key;
            }
        }
    }

    private boolean samePassword(JsonNode entry, Relay relay) {
        if (entry == null) {
            return false;
        }
        Optional<Secret> stored = storedPassword(entry);
        return relay.credentials().map(Credentials::secret).equals(stored);
    }

    private Optional<Secret> storedPassword(JsonNode entry) {
        if (entry == null || !entry.hasNonNull("sealed")) {
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.open(entry.get("sealed").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // sealed with another panel key: treat as unknown, the gateway is re-sent
        }
    }

    private static Gateway withPassword(Gateway gateway, Optional<Secret> password) {
        Optional<Credentials> auth = gateway.auth().map(c -> new Credentials(c.username(),
                password.orElse(Secret.of(""))));
        return new Gateway(gateway.id(), gateway.address(), gateway.port(), gateway.encryption(), gateway.enabled(),
                gateway.type(), auth, gateway.description());
    }

    /** What the panel wrote, kept in the state (no secret) to tell a change by someone else. */
    static void remember(ObjectNode into, Gateway wrote) {
        into.put("address", wrote.address());
        into.put("port", wrote.port());
        into.put("encryption", wrote.encryption().name());
        into.put("enabled", wrote.enabled());
        into.put("type", wrote.type().name());
        into.put("user", wrote.auth().map(Credentials::username).orElse(""));
        into.put("auth", wrote.auth().isPresent());
        into.put("description", wrote.description());
    }

    /** The gateway {@link #remember} kept; empty when the state holds none (or an unreadable one). */
    static Optional<Gateway> recalledIfAny(JsonNode wrote) {
        if (wrote.isMissingNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(recalled(wrote));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty(); // an edited state file: no baseline, so no drift can be told
        }
    }

    private static Gateway recalled(JsonNode wrote) {
        Optional<Credentials> auth = wrote.path("auth").asBoolean(false)
                ? Optional.of(new Credentials(wrote.path("user").asText(""), Secret.of(""))) : Optional.empty();
        return new Gateway("", wrote.path("address").asText(""), wrote.path("port").asInt(),
                Gateway.Mode.valueOf(wrote.path("encryption").asText("NONE")), wrote.path("enabled").asBoolean(true),
                Gateway.Type.valueOf(wrote.path("type").asText("ROUND_ROBIN")), auth,
                wrote.path("description").asText(""));
    }
}
