package io.smarthost.core.service;

import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scope looked up once per call: the server, or one of the panel's domains with its aliases. The
 * service resolves a name when a public method is called and passes this on, so one request never
 * asks the panel for the same domain twice.
 *
 * @param scope  the canonical scope (a domain's ASCII name)
 * @param domain the panel's domain; empty for the server
 */
record ResolvedScope(Scope scope, Optional<Domain> domain) {
    static final ResolvedScope SERVER = new ResolvedScope(Scope.SERVER, Optional.empty());

    static ResolvedScope of(Domain domain) {
        return new ResolvedScope(Scope.domain(domain.name()), Optional.of(domain));
    }

    /** The sender domains whose mail follows this scope: the domain and its aliases; none for the server. */
    List<String> senders() {
        return domain.map(ResolvedScope::senders).orElse(List.of());
    }

    static List<String> senders(Domain d) {
        List<String> out = new ArrayList<>();
        out.add(d.name());
        out.addAll(d.aliases());
        return out;
    }
}
