package io.smarthost.postfix.apply;

import io.smarthost.core.backend.ApplyWarning;
import io.smarthost.core.backend.BackendException;
import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * One apply in progress: staged files waiting to be swapped in, in-place map edits, and everything
 * needed to put the previous files back exactly.
 */
final class Txn {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Txn.class);

    /** postmap runs for the three maps overlap: each mostly waits for its own process start. */
    private static final ExecutorService POSTMAPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smarthost-postmap");
        t.setDaemon(true);
        return t;
    });

    String step = "prepare";
    final List<String> steps = new ArrayList<>();
    final List<ApplyWarning> warnings = new ArrayList<>();
    boolean needsReload;
    /** main.cf before this apply, when it replaced a value written by hand: kept in the history. */
    String mainCfBefore;
    boolean mapsReplaced;
    /** The maps a full render rebuilt (kept whole in the history). */
    final java.util.Set<MapKind> mapsRebuilt = java.util.EnumSet.noneOf(MapKind.class);

    private final Layout layout;
    private final PostfixCommands commands;
    private final List<Path[]> pending = new ArrayList<>();
    private final FileSwap swap;
    private final Map<MapKind, MapEdit> mapEdits = new EnumMap<>(MapKind.class);

    Txn(Layout layout, PostfixCommands commands) {
        this.layout = layout;
        this.commands = commands;
        this.swap = new FileSwap(layout.backup());
    }

    /** Writes a new file in the staging folder, mode 0600 from its creation (it may hold secrets). */
    Path stage(String name, byte[] bytes) throws IOException {
        Path dir = stagingDir();
        Path file = dir.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

    /** A staging copy of the config folder for {@code postconf -c} and {@code postfix check}. */
    Path stagingConf() throws IOException {
        Path conf = stagingDir().resolve("conf");
        Files.createDirectories(conf);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));
        return conf;
    }

    /** 0700: staged maps hold secrets, and postmap gives each staged {@code .db} its source's mode. */
    private Path stagingDir() throws IOException {
        Path dir = layout.staging();
        Files.createDirectories(dir);
        PrivateFiles.folder(dir);
        return dir;
    }

    void replaceLater(Path target, Path staged) {
        pending.add(new Path[] {target, staged});
    }

    void deleteLater(Path target) {
        pending.add(new Path[] {target, null});
    }

    /** Whether files wait to be swapped in. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    void swap() throws IOException {
        step = "swap";
        for (Path[] p : pending) {
            // everything in the maps folder is ours and private; main.cf/master.cf keep their mode
            swap.replace(p[0], Optional.ofNullable(p[1]),
                    p[0].startsWith(layout.mapsDir()) ? Optional.of(PrivateFiles.FILE) : Optional.empty());
            TextMap.forget(p[0]);
        }
        if (mapsReplaced) {
            needsReload = true; // running daemons keep the replaced .db open until told to reload
        }
        if (!pending.isEmpty() && Files.exists(layout.mainCf())) {
            ApplyEngine.backdate(layout.mainCf());
        }
        pending.clear();
    }

    /** Edits the text sources in place, then updates each {@code .db} with postmap, the maps in parallel. */
    void editMaps(Map<MapKind, Map<String, String>> edits) throws BackendException, IOException {
        step = "write";
        for (Map.Entry<MapKind, Map<String, String>> e : edits.entrySet()) {
            TextMap map = TextMap.open(layout.map(e.getKey()));
            Map<String, Optional<String>> before = new java.util.LinkedHashMap<>();
            for (String key : e.getValue().keySet()) {
                before.put(key, map.get(key));
            }
            MapEdit edit = new MapEdit(e.getKey(), map, e.getValue(), before);
            mapEdits.put(e.getKey(), edit);
            map.edit(e.getValue());
        }
        step = "postmap";
        Map<MapKind, String> how = new java.util.concurrent.ConcurrentHashMap<>();
        parallel(mapEdits.values().stream().<Task>map(edit -> () -> how.put(edit.kind, updateDb(edit.kind, edit.after)))
                .toList());
        mapEdits.values().forEach(m -> steps.add(m.kind.file() + ": " + m.after.size() + " entr"
                + (m.after.size() == 1 ? "y" : "ies") + " updated (" + how.get(m.kind) + ")"));
    }

    /** A Postfix command run as part of an apply. */
    interface Task {
        void run() throws BackendException;
    }

    /** Runs the tasks at the same time and waits for all; the first failure is thrown. */
    void parallel(List<Task> tasks) throws BackendException {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (Task task : tasks) {
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    task.run();
                } catch (BackendException ex) {
                    throw new CompletionException(ex);
                }
            }, POSTMAPS));
        }
        BackendException failure = null;
        for (CompletableFuture<Void> run : runs) {
            try {
                run.join();
            } catch (CompletionException ex) {
                if (failure == null) {
                    // a failure that is not the command's own (a bug, an error of a library) still fails the step
                    failure = ex.getCause() instanceof BackendException be ? be
                            : new BackendException(step, String.valueOf(ex.getCause()), ex.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Puts the changes into the table's {@code .db}: in this process when {@link BerkeleyHash} can write them as
     * postmap would, else (or when that fails) with {@code postmap -d} and {@code postmap -i -r}.
     *
     * @return how, for the apply's steps
     */
    private String updateDb(MapKind kind, Map<String, String> changes) throws BackendException {
        Path file = layout.map(kind);
        Optional<BerkeleyHash> hash;
        try {
            hash = BerkeleyHash.forPostmap(commands.commandDir());
        } catch (RuntimeException | LinkageError e) { // the binding's classes themselves could not be loaded
            LOG.warn("Postfix tables are updated with postmap: {}", e.toString());
            hash = Optional.empty();
        }
        Path db = layout.db(kind);
        if (hash.isEmpty() || !BerkeleyHash.writable(changes) || !Files.exists(db)) {
            return postmapUpdate(file, changes);
        }
        String failed;
        try {
            hash.get().update(db, changes, commands.timeout());
            return "in place, Berkeley DB under postmap's lock";
        } catch (IOException e) {
            failed = e.getMessage();
        } catch (RuntimeException | LinkageError e) { // a library's own error: postmap puts every entry right
            failed = e.toString();
        }
        LOG.warn("{}: written with postmap instead: {}", file, failed);
        return postmapUpdate(file, changes) + "; in place failed: " + failed;
    }

    private String postmapUpdate(Path file, Map<String, String> changes) throws BackendException {
        StringBuilder puts = new StringBuilder();
        StringBuilder deletes = new StringBuilder();
        changes.forEach((k, v) -> {
            if (v == null) {
                deletes.append(k).append('\n');
            } else {
                puts.append(k).append(' ').append(v).append('\n');
            }
        });
        if (!deletes.isEmpty()) {
            commands.postmapDelete(layout.configDir(), file, deletes.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!puts.isEmpty()) {
            commands.postmapUpdate(layout.configDir(), file, puts.toString().getBytes(StandardCharsets.UTF_8));
        }
        return "postmap -i/-d";
    }

    boolean changed() {
        return !swap.isEmpty() || !mapEdits.isEmpty();
    }

    void commit() throws IOException {
        swap.commit();
    }

    void record(History history) {
        try {
            history.record(layout, steps, mapsRebuilt, mapDiff(), mainCfBefore);
        } catch (IOException e) {
            warnings.add(PostfixWarnings.of("postfix.history", layout.history(), e.getMessage()));
        }
    }

    /**
     * The lines the incremental edits changed, per map: {@code -KEY OLD} and {@code +KEY NEW}; the login map's
     * without their passwords ({@link History#withoutPassword}).
     */
    private List<String> mapDiff() {
        List<String> lines = new ArrayList<>();
        for (MapEdit edit : mapEdits.values()) {
            lines.add("# " + edit.kind.file());
            java.util.function.UnaryOperator<String> kept = edit.kind == MapKind.SASL_PASSWD ? History::withoutPassword
                    : v -> v;
            edit.after.forEach((key, value) -> {
                edit.before.get(key).ifPresent(old -> lines.add("-" + key + " " + kept.apply(old)));
                if (value != null) {
                    lines.add("+" + key + " " + kept.apply(value));
                }
            });
        }
        return lines;
    }

    /** Puts every file back as it was; problems while doing so are added to {@code failure}. */
    void rollback(BackendException failure) {
        for (MapEdit edit : mapEdits.values()) {
            try {
                edit.map.rollback();
                Map<String, String> inverse = new java.util.LinkedHashMap<>();
                edit.before.forEach((k, v) -> inverse.put(k, v.orElse(null)));
                try {
                    updateDb(edit.kind, inverse);
                } catch (BackendException e) {
                    // the .db may be half-updated: rebuild it from the restored text
                    commands.postmap(layout.configDir(), layout.map(edit.kind));
                }
            } catch (IOException | BackendException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            swap.rollback();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    void cleanup() {
        for (Path dir : List.of(layout.staging(), layout.backup())) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // leftovers are overwritten next time
            }
        }
    }

    private record MapEdit(MapKind kind, TextMap map, Map<String, String> after, Map<String, Optional<String>> before) {
    }
}
