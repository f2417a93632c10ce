package io.smarthost.windows.smartermail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound gateways as this apply last saw them, and the proof of each write: after it, SmarterMail's
 * list must show exactly this apply's change and nothing else new. Inbound gateways are left out: the panel
 * never writes them, and another writer's inbound change is none of its business.
 */
final class GatewayListing {
    private final SmarterMailAdapter api;
    private final Map<String, Gateway> seen = new LinkedHashMap<>();

    GatewayListing(SmarterMailAdapter api, List<Gateway> first) {
        this.api = api;
        first.stream().filter(g -> !g.inbound()).forEach(g -> seen.put(g.id(), g));
    }

    List<Gateway> outbound() {
        return List.copyOf(seen.values());
    }

    Optional<Gateway> get(String id) {
        return Optional.ofNullable(seen.get(id));
    }

    void proveWritten(String id, Gateway wanted, String verb) throws SmarterMailException {
        Map<String, Gateway> now = relist(id);
        Gateway readBack = now.get(id);
        if (readBack == null) {
            throw new ProofException("read back", "SmarterMail answered success and " + verb + " gateway " + id
                    + ", but its list does not show it");
        }
        List<String> differences = readBack.differencesFrom(wanted);
        if (!differences.isEmpty()) {
            throw new ProofException("read back", "SmarterMail answered success but gateway " + id + " ("
                    + verb + ") does not hold what the panel wrote: " + String.join("; ", differences)
                    + " (SmarterMail drops fields it does not know: the assumed field names are probably not "
                    + "its own; run panel bin smarthost --probe)");
        }
        seen.clear();
        seen.putAll(now);
    }

    void proveDeleted(String id) throws SmarterMailException {
        Map<String, Gateway> now = relist(id);
        if (now.containsKey(id)) {
            throw new ProofException("read back", "SmarterMail answered success to deleting gateway " + id
                    + ", but its list still shows it");
        }
        seen.clear();
        seen.putAll(now);
    }

    /** Lists again; any outbound gateway but {@code written} that changed, came or went is another writer's. */
    private Map<String, Gateway> relist(String written) throws SmarterMailException {
        Map<String, Gateway> now = new LinkedHashMap<>();
        api.listGateways().stream().filter(g -> !g.inbound()).forEach(g -> now.put(g.id(), g));
        List<String> others = new ArrayList<>();
        for (Gateway before : seen.values()) {
            if (before.id().equals(written)) {
                continue;
            }
            Gateway after = now.get(before.id());
            if (after == null) {
                others.add("gateway " + before.id() + " (" + before.summary() + ") was deleted");
            } else if (!after.differencesFrom(before).isEmpty()) {
                others.add("gateway " + before.id() + " was changed (" + String.join("; ",
                        after.differencesFrom(before)).replace("the panel wrote", "it had") + ")");
            }
        }
        now.keySet().stream().filter(id -> !id.equals(written) && !seen.containsKey(id))
                .forEach(id -> others.add("gateway " + id + " (" + now.get(id).summary() + ") appeared"));
        if (!others.isEmpty()) {
            throw new ProofException("second writer", "while this apply ran, someone else changed SmarterMail's "
                    + "gateways: " + String.join("; ", others) + "; the panel stops rather than write over them");
        }
        return now;
    }
}
