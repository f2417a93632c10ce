package io.smarthost.postfix.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Senders of messages the log announced ({@code qmgr: QID: from=<...>}) and did not yet see removed: a
 * delivery line names only the recipient, so its sender comes from here. Bounded: past {@link #MAX} the
 * oldest are forgotten (a message deferred for days is announced again by qmgr at each retry).
 */
final class PendingSenders {
    static final int MAX = 20_000;

    private final LinkedHashMap<String, String> map = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX;
        }
    };

    void put(String queueId, String sender) {
        map.remove(queueId); // keep insertion order = last announcement
        map.put(queueId, sender);
    }

    String get(String queueId) {
        return map.get(queueId);
    }

    void remove(String queueId) {
        map.remove(queueId);
    }

    int size() {
        return map.size();
    }

    void clear() {
        map.clear();
    }

    /** The newest {@code n} entries, oldest first (what a cursor keeps). */
    List<Map.Entry<String, String>> newest(int n) {
        List<Map.Entry<String, String>> all = new ArrayList<>(map.entrySet());
        return all.subList(Math.max(0, all.size() - n), all.size()).stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
