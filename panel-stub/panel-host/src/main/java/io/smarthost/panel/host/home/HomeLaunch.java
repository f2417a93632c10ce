package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A panel home as {@code panel start} and {@code panel bin} find it before opening it: whether it can be
 * written (checked before anything is created), whether this run creates it (no {@code panel.ini} yet),
 * and, for such a run that fails, taking back what it created so that a failed or mistaken run leaves
 * no home, no database and no spent one-time admin password behind.
 */
public final class HomeLaunch {

    private final PanelHome home;
    private final boolean fresh;
    /** What the home held before this run (a fresh home may hold a plugins/ folder put there first). */
    private final Set<Path> before;
    private final boolean rootExisted;

    private HomeLaunch(PanelHome home, boolean fresh, Set<Path> before, boolean rootExisted) {
        this.home = home;
        this.fresh = fresh;
        this.before = before;
        this.rootExisted = rootExisted;
    }

    /**
     * Looks at {@code root} without creating anything.
     *
     * @throws IllegalStateException with one sentence when the home cannot be written
     */
    public static HomeLaunch inspect(Path root) {
        PanelHome home = new PanelHome(root);
        Path dir = home.root();
        boolean exists = Files.exists(dir);
        if (exists && !Files.isDirectory(dir)) {
            throw new IllegalStateException("the panel home " + dir + " is a file, not a folder");
        }
        Path nearest = dir;
        while (nearest != null && !Files.exists(nearest)) {
            nearest = nearest.getParent();
        }
        if (nearest == null || !Files.isDirectory(nearest)) {
            throw new IllegalStateException("the panel home " + dir + " cannot be created: " + nearest + " is not a folder");
        }
        probe(nearest, dir);
        if (exists && Files.isDirectory(home.data())) {
            probe(home.data(), dir);
        }
        boolean fresh = Files.notExists(home.ini());
        Set<Path> before = new HashSet<>();
        if (fresh && exists) {
            try (Stream<Path> entries = Files.list(dir)) {
                entries.forEach(before::add);
            } catch (IOException e) {
                throw new IllegalStateException("the panel home " + dir + " cannot be read: " + reason(e));
            }
        }
        return new HomeLaunch(home, fresh, before, exists);
    }

    /** Creates and removes a file in {@code folder}: the one way to learn the file system's own reason. */
    private static void probe(Path folder, Path home) {
        try {
            Files.delete(Files.createTempFile(folder, ".panel-write-test", ""));
        } catch (IOException e) {
            String where = folder.equals(home) ? "" : " (" + folder + ")";
            throw new IllegalStateException("the panel home " + home + " cannot be written" + where + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    public PanelHome home() {
        return home;
    }

    /** Whether this run creates the panel (no panel.ini yet): accounts and the database are made by it. */
    public boolean fresh() {
        return fresh;
    }

    /** Whether the home's folder existed before this run (empty, or a panel's home). */
    public boolean folderExisted() {
        return rootExisted;
    }

    /** Removes what this run created in a fresh home (nothing for a home that existed as a panel). */
    public void discard() {
        if (!fresh) {
            return;
        }
        try {
            if (!rootExisted) {
                deleteTree(home.root());
                return;
            }
            List<Path> created;
            try (Stream<Path> entries = Files.list(home.root())) {
                created = entries.filter(p -> !before.contains(p)).toList();
            }
            for (Path p : created) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove what this run created in " + home.root() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
