package io.smarthost.core.backend;

import java.util.Set;

/**
 * Which parts of the desired state changed since the last apply.
 *
 * @param full          re-render everything (repair, first apply, backend switch)
 * @param server        the server-wide relay changed
 * @param senderDomains sender domains (domains and aliases) whose relay changed, appeared or went away;
 *                      since 1.3 also sender addresses ({@code alice@example.com}, see
 *                      {@link DesiredState#isSenderAddress}) whose own relay did
 * @param rebuild       trust nothing on the mail server: an earlier apply may have been interrupted, so
 *                      every file is written and every index rebuilt from the desired state, even where
 *                      what is there looks current (implies {@code full})
 */
public record ChangeSet(boolean full, boolean server, Set<String> senderDomains, boolean rebuild) {
    public ChangeSet {
        senderDomains = Set.copyOf(senderDomains);
        full |= rebuild;
    }

    public ChangeSet(boolean full, boolean server, Set<String> senderDomains) {
        this(full, server, senderDomains, false);
    }

    public static ChangeSet everything() {
        return new ChangeSet(true, true, Set.of());
    }

    /** After an interruption (a crash, a full disk, a killed command): everything, nothing trusted. */
    public static ChangeSet recovery() {
        return new ChangeSet(true, true, Set.of(), true);
    }

    public static ChangeSet serverOnly() {
        return new ChangeSet(false, true, Set.of());
    }

    public static ChangeSet domains(Set<String> senderDomains) {
        return new ChangeSet(false, false, senderDomains);
    }

    /** Whether nothing changed (no apply needed). */
    public boolean isEmpty() {
        return !full && !server && senderDomains.isEmpty();
    }
}
