package io.smarthost.core.service;

import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.HostSyntaxException;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.Domains;
import java.util.List;

/** Turns a domain name as typed (Unicode or ASCII, any case) into the panel's domain. */
final class DomainNames {
    private DomainNames() {
    }

    static String ascii(String name) {
        if (name == null || name.isBlank()) {
            throw UnknownDomainException.invalidName("domain: a domain name is required");
        }
        try {
            return HostSyntax.dnsName(name.strip());
        } catch (HostSyntaxException e) {
            // the name itself (a bulk change names thousands: which one), its control characters escaped
            throw UnknownDomainException.invalidName("domain: '" + printable(name.strip()) + "' is not a valid domain name");
        }
    }

    /** {@code text} for a message: control characters escaped, at most 100 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 100 ? out + "..." : out.toString();
    }

    /** The panel's domain with this exact name (not an alias). */
    static Domain require(Domains domains, String name) {
        String ascii = ascii(name);
        Domain d = domains.find(ascii).orElseThrow(() -> unknown(ascii));
        if (!d.name().equals(ascii)) {
            throw anAlias(ascii, d.name());
        }
        return d;
    }

    /**
     * {@link #require} for many names, looked up together; the first name that is unknown or an alias
     * is refused with the same message. Distinct domains, in the order given.
     */
    static List<ResolvedScope> resolveAll(Domains domains, java.util.Collection<String> names) {
        if (names.size() > FROM_MEMORY_ABOVE) {
            return fromMemory(domains, names);
        }
        List<String> ascii = new java.util.ArrayList<>(names.size());
        Unknown unknown = new Unknown();
        for (String name : names) {
            try {
                ascii.add(ascii(name));
            } catch (UnknownDomainException e) {
                unknown.invalid(e, ascii.size());
                ascii.add(null);
            }
        }
        java.util.Map<String, Domain> found = domains.findAll(ascii.stream().filter(java.util.Objects::nonNull).toList());
        java.util.Map<String, ResolvedScope> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ascii.size(); i++) {
            String a = ascii.get(i);
            if (a == null) {
                continue;
            }
            Domain d = found.get(a);
            if (d == null) {
                unknown.add(a, i);
                continue;
            }
            if (!d.name().equals(a)) {
                unknown.alias(a, d.name(), i);
                continue;
            }
            out.putIfAbsent(a, ResolvedScope.of(d));
        }
        unknown.throwIfAny();
        return List.copyOf(out.values());
    }

    /** Past this many names, {@link #resolveAll} answers from the panel's names in memory. */
    static final int FROM_MEMORY_ABOVE = 5000;

    /**
     * {@link #resolveAll} from the panel's domain names in memory ({@link DomainNameSet}, moved on by every
     * domain change of any process) and its aliases (one query; few): at 100,000 names no pass over the
     * domains table. A name that the name checks' one pass takes as it is ({@link HostSyntax#isPlainName}) and
     * that is found as it is among the panel's names skips {@link #ascii}: a bulk change sends the names as the
     * panel lists them, and checking 100,000 of them took a fifth of the look-up. The same answers and refusals.
     */
    private static List<ResolvedScope> fromMemory(Domains domains, java.util.Collection<String> names) {
        DomainNameSet existing = new DomainNameSet(domains);
        java.util.SortedMap<String, String> ownerOf = domains.aliases();
        java.util.Map<String, List<String>> aliasesOf = new java.util.HashMap<>();
        ownerOf.forEach((alias, owner) -> aliasesOf.computeIfAbsent(owner, o -> new java.util.ArrayList<>()).add(alias));
        // each of the panel's names once, by its place among them (a set of 100,000 strings cost a hash each)
        java.util.BitSet seen = new java.util.BitSet(existing.size());
        List<ResolvedScope> out = new java.util.ArrayList<>(names.size());
        Unknown unknown = new Unknown();
        int i = -1;
        for (String name : names) {
            i++;
            // the panel's own spelling, and one the checks take as it is (the panel's own checks are looser:
            // example.123 or a made-up xn-- label go through ascii(), refused as with few names)
            int at = HostSyntax.isPlainName(name) ? existing.indexOf(name) : -1;
            String a;
            try {
                a = at >= 0 ? name : ascii(name);
            } catch (UnknownDomainException e) {
                unknown.invalid(e, i);
                continue;
            }
            if (at < 0) {
                at = existing.indexOf(a);
            }
            if (at < 0) {
                String owner = ownerOf.get(a);
                if (owner == null) {
                    unknown.add(a, i);
                } else {
                    unknown.alias(a, owner, i);
                }
                continue;
            }
            if (seen.get(at)) {
                continue;
            }
            seen.set(at);
            out.add(new ResolvedScope(Scope.domain(a), aliasesOf.getOrDefault(a, List.of())));
        }
        unknown.throwIfAny();
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * Names a change cannot take, gathered so that the answer names them all (the first ten, and how many); the
     * refusal is that of the first name refused in the list's order, whether it is no name, unknown or an alias.
     */
    private static final class Unknown {
        private static final int NAMED = 10;
        private final java.util.Set<String> names = new java.util.LinkedHashSet<>();
        private String alias;
        private String owner;
        private int firstUnknown = -1;
        private int aliasAt = -1;
        private UnknownDomainException invalid;

        void invalid(UnknownDomainException e, int index) {
            if (invalid == null) {
                invalid = e.at(index);
            }
        }

        void add(String name, int index) {
            if (names.isEmpty()) {
                firstUnknown = index;
            }
            names.add(name);
        }

        void alias(String name, String of, int index) {
            if (alias == null) {
                alias = name;
                owner = of;
                aliasAt = index;
            }
        }

        void throwIfAny() {
            int first = Math.min(invalid == null ? Integer.MAX_VALUE : invalid.index(),
                    Math.min(names.isEmpty() ? Integer.MAX_VALUE : firstUnknown, alias == null ? Integer.MAX_VALUE : aliasAt));
            if (first == Integer.MAX_VALUE) {
                return;
            }
            if (invalid != null && first == invalid.index()) {
                throw invalid;
            }
            if (alias != null && first == aliasAt) {
                throw anAlias(alias, owner).at(aliasAt);
            }
            if (names.size() == 1) {
                throw unknown(names.iterator().next()).at(firstUnknown);
            }
            String listed = String.join(", ", names.stream().limit(NAMED).toList());
            throw new UnknownDomainException("domains " + listed + (names.size() > NAMED ? " and "
                    + (names.size() - NAMED) + " more" : "") + " do not exist").at(firstUnknown);
        }
    }

    private static UnknownDomainException unknown(String name) {
        return new UnknownDomainException("domain " + name + " does not exist");
    }

    private static UnknownDomainException anAlias(String name, String owner) {
        return new UnknownDomainException(name + " is an alias of " + owner + "; its mail follows " + owner
                + ": set the relay there");
    }

    /** {@code scope} with the panel's domain looked up (once): an unknown name or an alias is refused. */
    static ResolvedScope resolve(Domains domains, Scope scope) {
        return scope.isServer() ? ResolvedScope.SERVER : ResolvedScope.of(require(domains, scope.domain().get()));
    }
}
