package io.smarthost.postfix.apply;

import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file {@code smarthost/.maps-written}: the size, modification time and file identity of each text map as the
 * panel last left it. A map whose facts differ at the next apply was changed by someone else (a line added by hand:
 * Postfix then sent a domain's mail elsewhere while every change said "Applied" and kept the line, a hostile tester
 * found): that apply renders every map and rewrites those that differ from the settings, and says so.
 *
 * <p>Unknown (no file yet, an older version's install, unreadable) is not a difference: the next apply records the
 * facts. Written without a sync: a crash that loses it leaves it unknown or older, and an older one only makes the next
 * apply render the maps once more.
 */
final class MapFacts {

    static final String FILE_NAME = ".maps-written";

    private MapFacts() {
    }

    static Path file(Layout layout) {
        return layout.mapsDir().resolve(FILE_NAME);
    }

    /** The maps whose text is not as the panel last left it; empty when they are, or when that is unknown. */
    static List<MapKind> changedSince(Layout layout) {
        Map<String, String> recorded = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file(layout), StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    recorded.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<MapKind> changed = new ArrayList<>();
        for (MapKind kind : MapKind.values()) {
            String was = recorded.get(kind.file());
            if (was != null && !was.equals(of(layout.map(kind)))) {
                changed.add(kind);
            }
        }
        return changed;
    }

    /**
     * Records the maps as they are now, after an apply committed. Not after one that failed and put the files back:
     * every file is then as it was, this one included; the maps put back have new times, so the next apply renders
     * them all once, and finds no line of anyone else's ({@link ForeignLines}).
     */
    static void record(Layout layout) throws IOException {
        if (!Files.isDirectory(layout.mapsDir())) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (MapKind kind : MapKind.values()) {
            text.append(kind.file()).append(' ').append(of(layout.map(kind))).append('\n');
        }
        Path target = file(layout);
        try {
            if (Files.readString(target, StandardCharsets.UTF_8).contentEquals(text)) {
                return; // an apply that changed no map writes no byte
            }
        } catch (IOException | RuntimeException e) {
            // none yet, or unreadable: written below
        }
        Path temp = target.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the facts (an apply that failed and could not put everything back). */
    static void forget(Layout layout) {
        try {
            Files.deleteIfExists(file(layout));
        } catch (IOException e) {
            // the facts then stay older: the next apply renders the maps once more
        }
    }

    private static String of(Path map) {
        try {
            BasicFileAttributes a = Files.readAttributes(map, BasicFileAttributes.class);
            return a.size() + " " + a.lastModifiedTime().toInstant() + " " + a.fileKey();
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
