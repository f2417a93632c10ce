package io.smarthost.core.backend;

import java.util.Set;

/**
 * Which parts of the desired state changed since the last apply.
 *
 * @param full          re-render everything (repair, first apply, backend switch)
 * @param server        the server-wide relay changed
 * @param senderDomains sender domains (domains and aliases) whose relay changed, appeared or went away
 */
public record ChangeSet(boolean full, boolean server, Set<String> senderDomains) {
    public ChangeSet {
        senderDomains = Set.copyOf(senderDomains);
    }

    public static ChangeSet everything() {
        return new ChangeSet(true, true, Set.of());
    }

    public static ChangeSet serverOnly() {
        return new ChangeSet(false, true, Set.of());
    }

    public static ChangeSet domains(Set<String> senderDomains) {
        return new ChangeSet(false, false, senderDomains);
    }
}
