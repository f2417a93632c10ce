package io.smarthost.panel.api.services;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import java.util.List;
import java.util.Optional;

/**
 * The panel's domains (read-only for plugins; changes come through {@code panel bin domain} and
 * are announced to {@link io.smarthost.panel.api.DomainLifecycleListener}s).
 *
 * @since 1.0
 */
public interface Domains {

    /** The domain with this name, or the domain that has this alias. Case-insensitive. */
    Optional<Domain> find(String nameOrAlias);

    /** Domains ordered by name; {@code filter} (may be empty) matches part of the name. */
    PageResult<Domain> list(String filter, int offset, int limit);

    long count();

    /** Domains the user owns (all domains for an admin would be {@link #list}; this is strict ownership). */
    List<Domain> ownedBy(String login);
}
