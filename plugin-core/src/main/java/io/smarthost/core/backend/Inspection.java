package io.smarthost.core.backend;

import java.util.List;
import java.util.Optional;

/**
 * What a mail server has now that concerns relaying.
 *
 * @param settings       relay-related settings found (secrets masked)
 * @param problems       duplicates, drift from the last apply, unreadable files... (no secrets)
 * @param manualRelay    whether a relay was set up by hand (not by us): enabling will take it over
 * @param drift          managed settings changed by hand since the panel last wrote them, in file order
 * @param detectedRelay  the relay set up by hand, as the relay form's fields (never a password), when one is found
 */
public record Inspection(List<Setting> settings, List<String> problems, boolean manualRelay, List<Drift> drift,
                         Optional<DetectedRelay> detectedRelay) {
    public Inspection {
        settings = List.copyOf(settings);
        problems = List.copyOf(problems);
        drift = List.copyOf(drift);
    }

    /** For backends that cannot tell drift apart from their other findings. */
    public Inspection(List<Setting> settings, List<String> problems, boolean manualRelay) {
        this(settings, problems, manualRelay, List.of(), Optional.empty());
    }

    /**
     * @param name     setting name as the mail server calls it (e.g. {@code relayhost})
     * @param value    its value, secrets masked
     * @param location where it is (e.g. {@code main.cf:42})
     * @param managed  whether the smarthost feature manages (and would overwrite) it
     */
    public record Setting(String name, String value, String location, boolean managed) {
    }
}
