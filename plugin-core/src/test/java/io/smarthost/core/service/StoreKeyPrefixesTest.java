package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.smarthost.core.authrec.AuthRecordStore;
import io.smarthost.core.delivery.DeliveryTracker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each kind of key in the plugin's store has a prefix of its own: a reader that walks one prefix (the delivery
 * tracker's figures, a domain's rows, the shared records) never meets another kind's values. The shared records'
 * digest first took {@code %}, the delivery tracker's: its list of failing relays would have read a digest as
 * figures.
 */
class StoreKeyPrefixesTest {

    @Test
    void noPrefixIsAnotherKindsPrefixOrStartsIt() {
        Map<String, String> prefixes = Map.ofEntries(
                Map.entry("domain settings", StoreKeys.DOMAIN_PREFIX),
                Map.entry("domain secret", StoreKeys.SECRET_PREFIX),
                Map.entry("domain check", StoreKeys.CHECK_PREFIX),
                Map.entry("domain backup secret", StoreKeys.BACKUP_SECRET_PREFIX),
                Map.entry("sender relay", SenderKeys.PREFIX),
                Map.entry("shared record", SharedRelays.RECORD_PREFIX),
                Map.entry("shared record secret", SharedRelays.SECRET_PREFIX),
                Map.entry("shared record count", SharedRelays.COUNT_PREFIX),
                Map.entry("shared record members", SharedRelays.MEMBERS_PREFIX),
                Map.entry("member set chunk", MemberRows.CHUNK_PREFIX),
                Map.entry("member set mark", MemberRows.MARK_PREFIX),
                Map.entry("delivery figures", DeliveryTracker.PREFIX),
                Map.entry("authentication records", AuthRecordStore.PREFIX));
        assertEquals(prefixes.size(), Set.copyOf(prefixes.values()).size(), "two kinds share a prefix: " + prefixes);
        prefixes.forEach((kind, p) -> prefixes.forEach((other, q) -> assertFalse(!kind.equals(other) && q.startsWith(p),
                other + " (" + q + ") starts with " + kind + "'s prefix " + p)));
        // the fixed keys start with none of them
        List<String> fixed = List.of(StoreKeys.SERVER, StoreKeys.SERVER_SECRET, StoreKeys.SERVER_CHECK, StoreKeys.TAKEOVER,
                StoreKeys.SRS, StoreKeys.APPLY_LOCK, StoreKeys.SERVER_BACKUP_SECRET, "state.generation", "state.applied",
                "state.intent", io.smarthost.core.spf.RelayIncludes.CUSTOM_KEY + "example.com",
                StoreKeys.RENAMED_PREFIX + "42", MemberRows.SETS);
        Set<String> clashes = fixed.stream().filter(k -> prefixes.values().stream().anyMatch(k::startsWith))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), clashes);
    }
}
