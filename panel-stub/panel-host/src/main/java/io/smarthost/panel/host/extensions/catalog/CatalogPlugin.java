package io.smarthost.panel.host.extensions.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One plugin of a catalogue index ({@code plugins.json}, the PF4J update format).
 *
 * @param id          plugin id
 * @param description one line for people
 * @param provider    who publishes it
 * @param projectUrl  where to read more (may be null)
 * @param releases    its releases, in any order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogPlugin(String id, String description, String provider, String projectUrl,
                            List<CatalogRelease> releases) {
    public CatalogPlugin {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }
}
