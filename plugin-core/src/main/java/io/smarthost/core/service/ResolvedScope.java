package io.smarthost.core.service;

import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import java.util.ArrayList;
import java.util.List;

/**
 * A scope looked up once per call: the server, or one of the panel's domains with its aliases. The
 * service resolves a name when a public method is called and passes this on, so one request never
 * asks the panel for the same domain twice.
 *
 * @param scope   the canonical scope (a domain's ASCII name)
 * @param aliases the domain's aliases (ASCII), whose mail follows it; none for the server
 */
record ResolvedScope(Scope scope, List<String> aliases) {
    static final ResolvedScope SERVER = new ResolvedScope(Scope.SERVER, List.of());

    static ResolvedScope of(Domain domain) {
        return new ResolvedScope(Scope.domain(domain.name()), List.copyOf(domain.aliases()));
    }

    /** The sender domains whose mail follows this scope: the domain and its aliases; none for the server. */
    List<String> senders() {
        if (scope.isServer()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1 + aliases.size());
        out.add(scope.domain().get());
        out.addAll(aliases);
        return out;
    }

    /** Adds {@link #senders()} to {@code out}, without a list of its own (a bulk change adds 100,000). */
    void addSendersTo(java.util.Collection<String> out) {
        if (!scope.isServer()) {
            out.add(scope.domain().get());
            out.addAll(aliases);
        }
    }

    static List<String> senders(Domain d) {
        List<String> out = new ArrayList<>();
        out.add(d.name());
        out.addAll(d.aliases());
        return out;
    }
}
