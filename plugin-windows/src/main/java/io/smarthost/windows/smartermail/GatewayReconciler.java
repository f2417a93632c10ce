package io.smarthost.windows.smartermail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One apply's worth of changes to SmarterMail's outbound gateways, with an undo log.
 *
 * <p>The server-wide relay is one Round Robin gateway; domain relays are Specific Domains gateways,
 * one per distinct relay and login, each domain assigned to its gateway. The panel's gateways carry
 * {@link #MARKER} and their key in the description, so that they are found again (and updated
 * rather than duplicated) even if the state file is lost. The state document remembers each
 * gateway's id and its password sealed by the panel's secret box (SmarterMail never gives passwords
 * back), and which gateway each domain uses.
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
    private final Map<String, Gateway> onServer = new HashMap<>();
    private final Set<String> ensured = new HashSet<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<String> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    GatewayReconciler(SmarterMailAdapter api, SecretBox secrets, ObjectNode state, List<Gateway> existing) {
        this.api = api;
        this.secrets = secrets;
        this.gateways = state.has("gateways") ? (ObjectNode) state.get("gateways") : state.putObject("gateways");
        this.domains = state.has("domains") ? (ObjectNode) state.get("domains") : state.putObject("domains");
        for (Gateway gateway : existing) {
            if (gateway.description().startsWith(MARKER)) {
                onServer.put(gateway.description().substring(MARKER.length()), gateway);
            }
        }
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
            warnings.add(domain + " is not a domain in SmarterMail (" + e.getMessage() + "); a domain alias "
                    + "sends through its domain's gateway");
            domains.remove(domain);
            return;
        }
        if (relay.isPresent()) {
            String key = groupKey(relay.get());
            String id = ensure(key, Gateway.Type.SPECIFIC_DOMAINS, relay.get());
            if (!current.equals(Optional.of(id))) {
                api.assignDomainGateway(domain, Optional.of(id));
                undo.push(() -> api.assignDomainGateway(domain, current));
                steps.add("domain " + domain + " now sends through gateway \"" + key + "\"");
            }
            domains.put(domain, key);
        } else {
            String ourId = gateways.path(previousKey).path("id").asText("");
            if (current.isPresent() && current.get().equals(ourId)) {
                api.assignDomainGateway(domain, Optional.empty());
                undo.push(() -> api.assignDomainGateway(domain, current));
                steps.add("domain " + domain + " no longer uses gateway \"" + previousKey + "\"");
            }
            domains.remove(domain);
        }
    }

    /**
     * Deletes the panel's gateways nothing uses any more (last, after all else worked; a failure here
     * is a warning and is retried next time). With {@code full}, also deletes marked gateways the
     * state does not know (left over from a lost state file).
     */
    void removeUnused(boolean serverRelay, boolean full) {
        Set<String> used = new HashSet<>();
        domains.fields().forEachRemaining(e -> used.add(e.getValue().asText()));
        if (serverRelay) {
            used.add(SERVER_KEY);
        }
        Set<String> known = new HashSet<>();
        gateways.fieldNames().forEachRemaining(known::add);
        for (Iterator<String> keys = known.iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (!used.contains(key)) {
                delete(key, gateways.path(key).path("id").asText(""));
            }
        }
        if (full) {
            for (Map.Entry<String, Gateway> marked : Map.copyOf(onServer).entrySet()) {
                if (!used.contains(marked.getKey()) && !gateways.has(marked.getKey())) {
                    delete(marked.getKey(), marked.getValue().id());
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
        return failures.isEmpty() ? "; changes made so far were undone"
                : "; undoing the changes made so far FAILED: " + String.join("; ", failures);
    }

    List<String> steps() {
        return steps;
    }

    List<String> warnings() {
        return warnings;
    }

    private String ensure(String key, Gateway.Type type, Relay relay) throws SmarterMailException {
        if (ensured.contains(key)) {
            return gateways.path(key).path("id").asText();
        }
        Gateway wanted = Gateway.of(relay, type, MARKER + key);
        Gateway existing = onServer.get(key);
        String id;
        if (existing == null) {
            id = api.createGateway(wanted);
            undo.push(() -> api.deleteGateway(id));
            steps.add("created gateway \"" + key + "\": " + wanted.summary());
        } else {
            id = existing.id();
            if (!existing.sameSettings(wanted) || !samePassword(gateways.get(key), relay)) {
                Optional<Secret> previousPassword = storedPassword(gateways.get(key));
                api.updateGateway(wanted.withId(id));
                undo.push(() -> api.updateGateway(withPassword(existing, previousPassword)));
                steps.add("updated gateway \"" + key + "\": " + wanted.summary());
            }
        }
        ObjectNode entry = gateways.putObject(key);
        entry.put("id", id);
        relay.credentials().ifPresent(c -> entry.put("sealed", secrets.seal(c.secret())));
        onServer.put(key, wanted.withId(id));
        ensured.add(key);
        return id;
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

    private void delete(String key, String id) {
        if (id.isEmpty() || !onServer.containsKey(key)) {
            gateways.remove(key); // already gone from SmarterMail
            return;
        }
        try {
            api.deleteGateway(id);
            gateways.remove(key);
            onServer.remove(key);
            steps.add("deleted gateway \"" + key + "\"");
        } catch (SmarterMailException e) {
            warnings.add("gateway \"" + key + "\" is no longer used but could not be deleted (" + e.getMessage()
                    + "); the next apply tries again");
        }
    }
}
