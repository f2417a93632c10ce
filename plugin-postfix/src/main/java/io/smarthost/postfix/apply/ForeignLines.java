package io.smarthost.postfix.apply;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lines someone else wrote into the panel's maps since its last apply ({@link MapFacts}). A change that would edit
 * the maps in place renders them all instead, and says which ones it rewrote for more than its own keys: a map only
 * touched, or whose only differences are the keys the change itself sets, is not reported.
 *
 * <p>Costs nothing while the maps are as the panel left them (three {@code stat}); after a hand edit, the edited
 * maps are read twice, streamed (before and after the apply), once.
 */
final class ForeignLines {

    /** The edited maps' entries before the apply, without the keys the change sets. */
    record Before(Predicate<String> changeKeys, Map<MapKind, MapSummary> maps) {
    }

    private ForeignLines() {
    }

    /** Empty when no map was changed by someone else (or that is unknown); the change is then applied as it is. */
    static java.util.Optional<Before> before(Layout layout, ChangeSet changes) {
        List<MapKind> edited = MapFacts.changedSince(layout);
        if (edited.isEmpty()) {
            return java.util.Optional.empty();
        }
        Set<String> senders = changes.senderDomains();
        // the Unicode keys of the change's IDN names (@bücher.example, anna@bücher.example) are its own too
        Set<String> unicode = new java.util.HashSet<>();
        for (String sender : senders) {
            String u = DesiredState.isSenderAddress(sender) ? UnicodeKeys.of(sender) : UnicodeKeys.ofDomain(sender);
            if (u != null) {
                unicode.add(u);
            }
        }
        // keys of the change itself: "@domain" for a domain or alias, the address for a sender; the server's logins
        // are keyed by next hop (no "@")
        Predicate<String> changeKeys = key -> key.startsWith("@") ? senders.contains(key.substring(1)) || unicode.contains(key)
                : key.indexOf('@') > 0 ? senders.contains(key) || unicode.contains(key) : changes.server();
        Map<MapKind, MapSummary> maps = new EnumMap<>(MapKind.class);
        for (MapKind kind : edited) {
            try {
                maps.put(kind, MapSummary.ofFile(layout.map(kind), changeKeys));
            } catch (IOException e) {
                maps.put(kind, null); // unreadable: rewritten, and said
            }
        }
        return java.util.Optional.of(new Before(changeKeys, maps));
    }

    /** The maps rewritten for lines that were not the change's own, by file name. */
    static List<String> overwritten(Layout layout, java.util.Optional<Before> before, Set<MapKind> rebuilt) {
        List<String> out = new ArrayList<>();
        if (before.isEmpty()) {
            return out;
        }
        for (Map.Entry<MapKind, MapSummary> e : before.get().maps().entrySet()) {
            if (!rebuilt.contains(e.getKey())) {
                continue;
            }
            try {
                if (e.getValue() == null || !e.getValue().equals(MapSummary.ofFile(layout.map(e.getKey()),
                        before.get().changeKeys()))) {
                    out.add(e.getKey().file());
                }
            } catch (IOException ex) {
                out.add(e.getKey().file());
            }
        }
        return out;
    }
}
