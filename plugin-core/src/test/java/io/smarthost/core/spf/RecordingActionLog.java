package io.smarthost.core.spf;

import io.smarthost.panel.api.services.ActionLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An action log that keeps what it was told, in order. */
final class RecordingActionLog implements ActionLog {

    record Entry(String action, String target, Map<String, String> details) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(String action, String target, Map<String, String> details) {
        entries.add(new Entry(action, target, Map.copyOf(details)));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<Entry> entries(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }
}
