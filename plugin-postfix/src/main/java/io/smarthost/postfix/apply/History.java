package io.smarthost.postfix.apply;

import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The last applied versions: main.cf, master.cf, what each apply did ({@code steps.txt}) and the text
 * maps. An apply that rebuilt maps keeps a full copy of each rebuilt text map in {@code maps/}; an
 * incremental apply keeps only the lines it changed in {@code maps.diff} ({@code -} old line,
 * {@code +} new line, under a {@code # FILE} header per map), because copying maps of 100,000 lines
 * on every one-domain change would cost more than the change itself. The {@code .db} files are not
 * kept: {@code postmap} rebuilds them from the text. The passwords of the login map are not kept: its
 * copies and its changed lines say {@code user:********} (a password changed long ago stayed on disk in
 * the versions kept after it); the store and {@code --repair} rebuild the maps, not this history. Every
 * file here is still 0600 and every folder 0700, like the live maps.
 *
 * @param dir   where versions are kept
 * @param limit how many to keep
 * @param swept whether the versions kept before this engine started were closed to 0600/0700
 */
record History(Path dir, int limit, java.util.concurrent.atomic.AtomicBoolean swept) {

    History(Path dir, int limit) {
        this(dir, limit, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /** main.cf before a recovery or repair that replaced a value written by hand. */
    static final String MAIN_CF_BEFORE = "main.cf.before";
    /** The name of the diff file of an incremental apply. */
    static final String MAPS_DIFF = "maps.diff";
    /** The folder holding full copies of the maps an apply rebuilt. */
    static final String MAPS = "maps";

    void record(Layout layout, List<String> steps, Set<MapKind> rebuilt, List<String> mapDiff) throws IOException {
        record(layout, steps, rebuilt, mapDiff, null);
    }

    /** As above; {@code mainCfBefore} (when not null) is kept as {@value #MAIN_CF_BEFORE}: values written by hand it replaced. */
    void record(Layout layout, List<String> steps, Set<MapKind> rebuilt, List<String> mapDiff, String mainCfBefore)
            throws IOException {
        Files.createDirectories(dir);
        PrivateFiles.folder(dir);
        long seq;
        try (Stream<Path> s = Files.list(dir)) {
            seq = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}-.*"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 8))).max().orElse(0) + 1;
        }
        Path version = dir.resolve(String.format("%08d-%s", seq, Instant.now().toString().replace(':', '-')));
        Files.createDirectory(version, PosixFilePermissions.asFileAttribute(PrivateFiles.FOLDER));
        PrivateFiles.folder(version);
        for (Path f : List.of(layout.mainCf(), layout.masterCf())) {
            if (Files.exists(f)) {
                copyPrivate(f, version.resolve(f.getFileName()));
            }
        }
        writePrivate(version.resolve("steps.txt"), String.join("\n", steps) + "\n");
        if (mainCfBefore != null) {
            writePrivate(version.resolve(MAIN_CF_BEFORE), mainCfBefore);
        }
        if (!rebuilt.isEmpty()) {
            Path maps = Files.createDirectory(version.resolve(MAPS), PosixFilePermissions.asFileAttribute(PrivateFiles.FOLDER));
            PrivateFiles.folder(maps);
            for (MapKind kind : rebuilt) {
                if (Files.isRegularFile(layout.map(kind))) {
                    if (kind == MapKind.SASL_PASSWD) {
                        copyWithoutPasswords(layout.map(kind), maps.resolve(kind.file()));
                    } else {
                        copyPrivate(layout.map(kind), maps.resolve(kind.file()));
                    }
                }
            }
        }
        if (!mapDiff.isEmpty()) {
            writePrivate(version.resolve(MAPS_DIFF), String.join("\n", mapDiff) + "\n");
        }
        // the oldest versions go after the change has answered (about 1 ms of a one-domain change: a listing, a walk
        // and six deletes); a prune that fails is retried by the next one
        PRUNING.execute(() -> {
            try {
                prune();
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(History.class).warn("{}: old versions not removed: {}", dir, e.toString());
            }
        });
    }

    /** One thread removes old versions, in the order the applies recorded them. */
    private static final java.util.concurrent.ExecutorService PRUNING = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "smarthost-history-prune");
        t.setDaemon(true);
        return t;
    });

    /** Waits until the versions recorded so far beyond the limit are removed (tests, and a caller that lists them). */
    static void awaitPruned() throws InterruptedException, java.util.concurrent.ExecutionException {
        PRUNING.submit(() -> { }).get();
    }

    List<Path> versions() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}-.*")).sorted().toList();
        }
    }

    /** Created 0600 before the first byte is written: a password never sits in a readable file. */
    private static OutputStream openPrivate(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
        PrivateFiles.file(file);
        return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        try (OutputStream out = openPrivate(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code file}'s text replaced whole: written beside it, then moved over it, so that a kill at any point leaves
     * the old text or the new, never none (a copy left beside is written again by the next sweep).
     */
    private static void replacePrivate(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        writePrivate(next, text);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyPrivate(Path from, Path to) throws IOException {
        try (OutputStream out = openPrivate(to)) {
            Files.copy(from, out);
        }
    }

    /** What the history keeps of a password. */
    static final String PASSWORD = "********";

    /** A login map value ({@code user:password}) as the history keeps it: {@code user:********}. */
    static String withoutPassword(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon + 1) + PASSWORD;
    }

    /** A copy of the login map, each entry's password replaced by {@link #PASSWORD} (100,000 entries: about 20 ms). */
    private static void copyWithoutPasswords(Path from, Path to) throws IOException {
        try (java.io.BufferedReader in = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
            copyWithoutPasswords(in, openPrivate(to));
        }
    }

    /**
     * The copy of the login map {@code from} that a kept version holds, written to nowhere: for the panel's start,
     * so that the first apply of many domains after it runs this code compiled. Changes nothing.
     */
    static void warmUp(Path from) throws IOException {
        try (java.io.BufferedReader in = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
            copyWithoutPasswords(in, java.io.OutputStream.nullOutputStream());
        }
    }

    private static void copyWithoutPasswords(java.io.BufferedReader in, java.io.OutputStream to) throws IOException {
        try (java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(to, StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(loginLineWithoutPassword(line));
                out.write('\n');
            }
        }
    }

    /** A line of the login map ({@code KEY user:password}) without its password; a comment or blank line as it is. */
    private static String loginLineWithoutPassword(String line) {
        int space = line.isBlank() || line.startsWith("#") ? -1 : indexOfBlank(line);
        if (space < 0) {
            return line;
        }
        int value = space;
        while (value < line.length() && Character.isWhitespace(line.charAt(value))) {
            value++;
        }
        return line.substring(0, value) + withoutPassword(line.substring(value));
    }

    /**
     * A version kept by an older release, with the login map's passwords: rewritten without them (its copy of the
     * login map and the login lines of its diff). A version written since has none, and is left as it is.
     */
    private static void forgetPasswords(Path version) throws IOException {
        Path logins = version.resolve(MAPS).resolve(MapKind.SASL_PASSWD.file());
        if (Files.isRegularFile(logins, LinkOption.NOFOLLOW_LINKS)) {
            List<String> lines = Files.readAllLines(logins, StandardCharsets.UTF_8);
            List<String> kept = lines.stream().map(History::loginLineWithoutPassword).toList();
            if (!kept.equals(lines)) {
                replacePrivate(logins, String.join("\n", kept) + "\n");
            }
        }
        Path diff = version.resolve(MAPS_DIFF);
        if (Files.isRegularFile(diff, LinkOption.NOFOLLOW_LINKS)) {
            List<String> lines = Files.readAllLines(diff, StandardCharsets.UTF_8);
            List<String> kept = new java.util.ArrayList<>(lines.size());
            boolean inLogins = false;
            for (String line : lines) {
                if (line.startsWith("# ")) {
                    inLogins = line.equals("# " + MapKind.SASL_PASSWD.file());
                    kept.add(line);
                    continue;
                }
                int space = line.indexOf(' ');
                kept.add(inLogins && space > 0 && (line.startsWith("-") || line.startsWith("+"))
                        ? line.substring(0, space + 1) + withoutPassword(line.substring(space + 1)) : line);
            }
            if (!kept.equals(lines)) {
                replacePrivate(diff, String.join("\n", kept) + "\n");
            }
        }
    }

    private static int indexOfBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private void prune() throws IOException {
        List<Path> all = versions();
        for (Path old : all.subList(0, Math.max(0, all.size() - limit))) {
            try (Stream<Path> files = Files.walk(old)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // versions kept by an older release copied main.cf with its 0644: close them too, once per engine (a walk
        // of every kept version cost each one-domain change about 2 ms; the versions written since are 0600/0700)
        if (swept.get()) {
            return;
        }
        for (Path kept : versions()) {
            try (Stream<Path> files = Files.walk(kept)) {
                for (Path p : files.toList()) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        PrivateFiles.folder(p);
                    } else {
                        PrivateFiles.file(p);
                    }
                }
            }
            forgetPasswords(kept);
        }
        swept.set(true); // only once it went through: a sweep that failed runs again after the next apply
    }
}
