package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.ActionLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every action-log entry, for assertions and leak scans. */
public final class RecordingActionLog implements ActionLog {
    /** One recorded entry. */
    public record Entry(String action, String target, Map<String, String> details) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    @Override
    public void record(String action, String target, Map<String, String> details) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        entries.add(new Entry(action, target, Map.copyOf(details)));
    }

    /** Makes every later {@link #record} throw {@code e} (a database gone under the log's insert); null: records again. */
    public void failWith(RuntimeException e) {
        failure = e;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entries of one action, in order. */
    public List<Entry> entries(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }

    public List<String> actions() {
        return entries.stream().map(Entry::action).toList();
    }
}
