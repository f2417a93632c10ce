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

    /**
     * Domains ordered by name; {@code filter} (may be empty) matches part of the name. A filter with letters
     * beyond ASCII matches part of the name as shown ({@code büch} in {@code bücher.example}, stored as
     * {@code xn--bcher-kva.example}; since 1.4).
     */
    PageResult<Domain> list(String filter, int offset, int limit);

    long count();

    /**
     * {@link #list(String, int, int)} that stops counting at {@code countLimit}: the total is
     * {@code min(matching domains, countLimit)} (equal to {@code countLimit}: "at least that many").
     *
     * @since 1.2
     */
    default PageResult<Domain> list(String filter, int offset, int limit, long countLimit) {
        PageResult<Domain> page = list(filter, offset, limit);
        return new PageResult<>(page.items(), Math.min(page.total(), countLimit), page.offset(), page.limit());
    }

    /**
     * The names of the domains whose name contains {@code filter} (lower case), in name order, each given
     * to {@code action} until it answers {@code false}. For a "contains" filter over many domains the
     * panel answers from memory; this default pages through {@link #list(String, int, int)}.
     *
     * @since 1.3
     */
    default void names(String filter, java.util.function.Predicate<String> action) {
        int page = 500;
        for (int offset = 0; ; offset += page) {
            List<Domain> items = list(filter, offset, page).items();
            for (Domain d : items) {
                if (!action.test(d.name())) {
                    return;
                }
            }
            if (items.size() < page) {
                return;
            }
        }
    }

    /**
     * {@link #find} for many names at once (in one round trip where the panel can): each given name
     * (lower-cased) that is a domain or an alias, mapped to its domain. For work on thousands of domains.
     *
     * @since 1.2
     */
    default java.util.Map<String, Domain> findAll(java.util.Collection<String> namesOrAliases) {
        java.util.Map<String, Domain> out = new java.util.HashMap<>();
        for (String n : namesOrAliases) {
            find(n).ifPresent(d -> out.put(n.strip().toLowerCase(java.util.Locale.ROOT), d));
        }
        return out;
    }

    /**
     * Every alias of every domain, alias to domain name, in alias order. Aliases are few: this is the
     * cheap way to know them all without looking each domain up.
     *
     * @since 1.2
     */
    default java.util.SortedMap<String, String> aliases() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        int page = 500;
        for (int offset = 0; ; offset += page) {
            List<Domain> items = list("", offset, page).items();
            items.forEach(d -> d.aliases().forEach(a -> out.put(a, d.name())));
            if (items.size() < page) {
                return out;
            }
        }
    }

    /** Domains the user owns (all domains for an admin would be {@link #list}; this is strict ownership). */
    List<Domain> ownedBy(String login);
}
