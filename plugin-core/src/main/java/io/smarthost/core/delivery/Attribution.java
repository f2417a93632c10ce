package io.smarthost.core.delivery;

import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.panel.api.Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which scopes one sender domain's mail counts for, by the settings that apply now: the domain's own relay
 * (also for its aliases), else the server-wide relay, else direct delivery; a hosted domain's mail also counts
 * for that domain whatever relay carried it, so its owner sees it. Bounces (empty sender) go through the
 * server-wide relay. Remembers its answers; make a new one when the settings may have changed.
 */
final class Attribution {
    /** Scope key of the server-wide relay. */
    static final String SERVER = "server";
    /** Scope key of mail delivered without a relay. */
    static final String DIRECT = "direct";

    /**
     * @param scopes scope keys to count for: {@code server}, {@code direct}, {@code @domain}
     * @param via    which settings applied: {@code domain}, {@code alias}, {@code server} or {@code direct}
     */
    record Target(List<String> scopes, String via) {
    }

    private final Function<String, EffectiveRelay> effective;
    private final Function<String, Optional<Domain>> hosted;
    private final Map<String, Target> known = new HashMap<>();

    Attribution(Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted) {
        this.effective = effective;
        this.hosted = hosted;
    }

    Target of(String senderDomain) {
        Target t = known.get(senderDomain);
        if (t == null) {
            t = resolve(senderDomain);
            if (known.size() < 100_000) {
                known.put(senderDomain, t);
            }
        }
        return t;
    }

    private Target resolve(String senderDomain) {
        RelayLevel level = effective.apply(senderDomain).level();
        Optional<String> domain = senderDomain.isEmpty() ? Optional.empty()
                : hosted.apply(senderDomain).map(Domain::name);
        List<String> scopes = new ArrayList<>(2);
        String via;
        switch (level) {
            case DOMAIN -> {
                scopes.add("@" + domain.orElse(senderDomain));
                via = domain.isPresent() && !domain.get().equals(senderDomain) ? "alias" : "domain";
            }
            case SERVER -> {
                scopes.add(SERVER);
                domain.ifPresent(d -> scopes.add("@" + d));
                via = "server";
            }
            default -> {
                scopes.add(DIRECT);
                domain.ifPresent(d -> scopes.add("@" + d));
                via = "direct";
            }
        }
        return new Target(List.copyOf(scopes), via);
    }
}
