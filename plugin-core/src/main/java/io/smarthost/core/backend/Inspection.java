package io.smarthost.core.backend;

import java.util.List;

/**
 * What a mail server has now that concerns relaying.
 *
 * @param settings       relay-related settings found (secrets masked)
 * @param problems       duplicates, drift from the last apply, unreadable files... (no secrets)
 * @param manualRelay    whether a relay was set up by hand (not by us): enabling will take it over
 */
public record Inspection(List<Setting> settings, List<String> problems, boolean manualRelay) {
    public Inspection {
        settings = List.copyOf(settings);
        problems = List.copyOf(problems);
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
