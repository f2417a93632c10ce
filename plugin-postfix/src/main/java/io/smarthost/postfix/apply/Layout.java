package io.smarthost.postfix.apply;

import io.smarthost.postfix.render.MapKind;
import java.nio.file.Path;

/**
 * Where our files are: main.cf and master.cf in the config folder, our tables and bookkeeping in
 * {@code smarthost/} beside them.
 */
public record Layout(Path configDir) {

    public Layout {
        configDir = configDir.toAbsolutePath().normalize();
    }

    public Path mainCf() {
        return configDir.resolve("main.cf");
    }

    public Path masterCf() {
        return configDir.resolve("master.cf");
    }

    public Path mapsDir() {
        return configDir.resolve("smarthost");
    }

    public Path map(MapKind kind) {
        return mapsDir().resolve(kind.file());
    }

    public Path db(MapKind kind) {
        return mapsDir().resolve(kind.file() + ".db");
    }

    /** New files are written here first, then moved into place. */
    public Path staging() {
        return mapsDir().resolve(".staging");
    }

    /** Previous files while a swap is in progress (hard links: free, and restored exactly). */
    public Path backup() {
        return mapsDir().resolve(".backup");
    }

    /**
     * Present while an apply changes live files: found at the start of the next apply (or by the
     * self-check), it says the last one was interrupted, so nothing on disk is trusted.
     */
    public Path pending() {
        return mapsDir().resolve(".pending");
    }

    public Path lockFile() {
        return mapsDir().resolve(".lock");
    }

    public Path history() {
        return mapsDir().resolve("history");
    }

    /** What we wrote into main.cf at the last apply (names and values; no secrets). */
    public Path appliedState() {
        return mapsDir().resolve("applied.properties");
    }
}
