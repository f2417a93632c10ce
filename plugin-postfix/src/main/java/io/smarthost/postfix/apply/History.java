package io.smarthost.postfix.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The last applied versions of main.cf and master.cf with what each apply did (no secrets). Map
 * contents are not versioned: the store is their source of truth and repair renders them again.
 *
 * @param dir   where versions are kept
 * @param limit how many to keep
 */
record History(Path dir, int limit) {

    void record(Layout layout, List<String> steps) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        long seq;
        try (Stream<Path> s = Files.list(dir)) {
            seq = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}-.*"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 8))).max().orElse(0) + 1;
        }
        Path version = dir.resolve(String.format("%08d-%s", seq, Instant.now().toString().replace(':', '-')));
        Files.createDirectory(version);
        for (Path f : List.of(layout.mainCf(), layout.masterCf())) {
            if (Files.exists(f)) {
                Files.copy(f, version.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.write(version.resolve("steps.txt"), steps);
        prune();
    }

    List<Path> versions() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}-.*")).sorted().toList();
        }
    }

    private void prune() throws IOException {
        List<Path> all = versions();
        for (Path old : all.subList(0, Math.max(0, all.size() - limit))) {
            try (Stream<Path> files = Files.walk(old)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
