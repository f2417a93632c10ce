package io.smarthost.panel.host.extensions.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * The plugins offered by the configured catalogues (several {@code plugins.json} indexes). When two
 * catalogues offer the same plugin, the first one listed wins.
 */
public final class Catalog {
    private static final ObjectMapper JSON = io.smarthost.panel.host.json.StrictJson.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();
    private static final VersionManager VERSIONS = new DefaultVersionManager();

    private final Map<String, Offer> offers;

    private Catalog(Map<String, Offer> offers) {
        this.offers = offers;
    }

    /** A plugin as offered by one catalogue, with the index address to resolve relative URLs. */
    public record Offer(CatalogPlugin plugin, URI index) {
    }

    /**
     * Reads every index. An index that cannot be read makes the whole call fail, naming it: an admin
     * should not be shown a partial catalogue without knowing it.
     */
    public static Catalog load(List<URI> indexes, Fetcher fetcher, Path scratch) throws CatalogException {
        Map<String, Offer> offers = new LinkedHashMap<>();
        for (URI index : indexes) {
            for (CatalogPlugin plugin : read(index, fetcher, scratch)) {
                if (plugin.id() == null || plugin.id().isBlank()) {
                    throw new CatalogException(index + ": a plugin entry has no id");
                }
                offers.putIfAbsent(plugin.id(), new Offer(plugin, index));
            }
        }
        return new Catalog(offers);
    }

    private static List<CatalogPlugin> read(URI index, Fetcher fetcher, Path scratch) throws CatalogException {
        try {
            Files.createDirectories(scratch);
            Path copy = Files.createTempFile(scratch, "index", ".json");
            try {
                fetcher.fetch(index, copy);
                return JSON.readValue(copy.toFile(), new TypeReference<List<CatalogPlugin>>() { });
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new CatalogException(index + " is not a valid plugins.json: " + e.getMessage(), e);
        }
    }

    /** Turns a configured repository string (a path or a URL) into an index URI. */
    public static URI indexUri(String repository) {
        String trimmed = repository.trim();
        if (trimmed.matches("(?i)^(https?|file):.*")) {
            URI uri = URI.create(trimmed);
            return trimmed.endsWith(".json") ? uri : URI.create(trimmed.endsWith("/") ? trimmed + "plugins.json"
                    : trimmed + "/plugins.json");
        }
        Path path = Path.of(trimmed).toAbsolutePath().normalize();
        return (Files.isDirectory(path) ? path.resolve("plugins.json") : path).toUri();
    }

    public List<Offer> offers() {
        List<Offer> list = new ArrayList<>(offers.values());
        list.sort(Comparator.comparing(o -> o.plugin().id()));
        return list;
    }

    public Optional<Offer> offer(String id) {
        return Optional.ofNullable(offers.get(id));
    }

    /** Whether this panel version satisfies the release's {@code requires}. */
    public static boolean compatible(CatalogRelease release, String panelVersion) {
        String requires = release.requires();
        return requires == null || requires.isBlank() || "*".equals(requires.trim())
                || VERSIONS.checkVersionConstraint(panelVersion, requires.trim());
    }

    /** The newest release this panel can run, if any. */
    public static Optional<CatalogRelease> newestCompatible(CatalogPlugin plugin, String panelVersion) {
        return plugin.releases().stream()
                .filter(r -> r.version() != null && compatible(r, panelVersion))
                .max((a, b) -> VERSIONS.compareVersions(a.version(), b.version()));
    }

    /** The newest release, compatible or not (to tell the admin what exists). */
    public static Optional<CatalogRelease> newest(CatalogPlugin plugin) {
        return plugin.releases().stream().filter(r -> r.version() != null)
                .max((a, b) -> VERSIONS.compareVersions(a.version(), b.version()));
    }

    public static int compareVersions(String a, String b) {
        return VERSIONS.compareVersions(a, b);
    }
}
