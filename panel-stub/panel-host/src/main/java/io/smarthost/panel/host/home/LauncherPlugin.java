package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugin file the {@code ./panel} launcher brings along (environment {@code PANEL_PLUGIN_FILE}, the
 * freshly built {@code smarthost-VERSION.zip}): copied into the home's {@code plugins/} when missing or
 * older, older copies of the same plugin (and PF4J's unpacked folders of them) removed first. The
 * launcher hands it over instead of copying it itself, so that nothing is written before the arguments,
 * the port and the home are checked.
 */
public final class LauncherPlugin {

    private LauncherPlugin() {
    }

    /** Installs {@code zip} into {@code home}; returns a line for the console, or empty when nothing changed. */
    public static java.util.Optional<String> install(PanelHome home, Path zip) {
        String name = zip.getFileName().toString();
        int dash = name.indexOf('-');
        String prefix = dash > 0 ? name.substring(0, dash + 1) : name;
        Path target = home.plugins().resolve(name);
        try {
            // milliseconds: a copy keeps the time only to the file system's precision (microseconds here)
            if (Files.exists(target) && Files.getLastModifiedTime(zip).toMillis() <= Files.getLastModifiedTime(target).toMillis()) {
                return java.util.Optional.empty();
            }
            home.createRoot();
            Files.createDirectories(home.plugins());
            List<Path> older;
            try (Stream<Path> entries = Files.list(home.plugins())) {
                older = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            }
            for (Path p : older) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            }
            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return java.util.Optional.of("Installed " + name + " into " + home.plugins() + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + zip + " into " + home.plugins() + ": " + e.getMessage(), e);
        }
    }
}
