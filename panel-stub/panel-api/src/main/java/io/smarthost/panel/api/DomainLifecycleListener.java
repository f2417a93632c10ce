package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * Told about domain changes after the host committed them, synchronously on the thread that made
 * the change (web request or CLI). An exception is logged and reported to the caller as a warning;
 * it does not undo the host's change. Every method defaults to doing nothing.
 *
 * @since 1.0
 */
public interface DomainLifecycleListener extends ExtensionPoint {
    default void domainCreated(Domain domain) {
    }

    /**
     * Many domains created at once ({@code panel bin domain --create-from}, {@code POST /api/v2/domains}),
     * after their transaction committed; the default tells {@link #domainCreated} of each.
     *
     * @since 1.2
     */
    default void domainsCreated(java.util.List<Domain> domains) {
        domains.forEach(this::domainCreated);
    }

    default void domainRenamed(Domain before, Domain after) {
    }

    default void domainDeleted(Domain domain) {
    }

    default void aliasAdded(Domain domain, String alias) {
    }

    default void aliasRemoved(Domain domain, String alias) {
    }
}
