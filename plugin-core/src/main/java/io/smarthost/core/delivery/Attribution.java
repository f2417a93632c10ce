package io.smarthost.core.delivery;

import io.smarthost.core.backend.AddressExtensions;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.panel.api.Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which scope one message counts for: the relay that carried it (or failed to), by the settings that apply now and
 * in the order the mail server applies them (Postfix looks the whole sender address up before {@code @domain} in
 * its sender maps):
 *
 * <ol>
 * <li>the sender address's own relay (per-sender relays, 1.3): the address's scope only, never its domain's;</li>
 * <li>the relay of the address without its extension ({@code alice@example.com} for {@code alice+news@example.com},
 * when the mail server strips extensions: {@link AddressExtensions}): that address's scope;</li>
 * <li>the domain's own relay (also for its aliases): the domain's scope;</li>
 * <li>else the server-wide relay, else direct delivery; a hosted domain's mail without a relay of its own also
 * counts for that domain, so its owner sees it.</li>
 * </ol>
 *
 * Bounces (empty sender) go through the server-wide relay. An address has a relay of its own only on its domain's
 * own name (never on an alias), as the maps are written. Remembers its answers; make a new one when the settings may
 * have changed.
 *
 * <p>A sender domain in Unicode ({@code anna@bücher.example}, SMTPUTF8) counts as its ASCII name does: the maps hold
 * its Unicode keys too ({@link UnicodeKeys}); one whose Unicode keys they cannot hold ({@code straße.example}) matches
 * none of the panel's keys: see {@link #unrouted}.
 *
 * <p>What it cannot tell: settings changed between the logged attempt and its reading (it answers by today's), and
 * routes the panel did not write (a {@code transport_maps} by hand). The log line itself names only the next hop
 * reached, which a domain relay and an address relay may share (same host, other login).
 */
final class Attribution {
    /** Scope key of the server-wide relay. */
    static final String SERVER = "server";
    /** Scope key of mail delivered without a relay. */
    static final String DIRECT = "direct";
    /** {@link Target#via()} of mail through a sender address's own relay. */
    static final String VIA_SENDER = "sender";

    /**
     * @param scopes scope keys to count for: {@code server}, {@code direct}, {@code @domain}, {@code local@domain}
     * @param via    which settings applied: {@code sender}, {@code domain}, {@code alias}, {@code server} or
     *               {@code direct}
     */
    record Target(List<String> scopes, String via) {
    }

    private static final int REMEMBERED = 100_000;

    private final Function<String, EffectiveRelay> effective;
    private final Function<String, Optional<Domain>> hosted;
    private final Function<String, Set<String>> senderRelays;
    private final AddressExtensions extensions;
    private final Map<String, Target> known = new HashMap<>();
    private final Map<String, Set<String>> ownRelays = new HashMap<>();
    private final Map<String, Optional<String>> keyed = new HashMap<>();

    /**
     * @param effective    where mail of a sender domain goes (domain, server or direct)
     * @param hosted       the panel's domain of a name or alias
     * @param senderRelays the addresses ({@code local@domain}, lower case) of one hosted domain (its ASCII name) that
     *                     have an enabled relay of their own
     */
    Attribution(Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted,
                Function<String, Set<String>> senderRelays) {
        this(effective, hosted, senderRelays, AddressExtensions.NONE);
    }

    /**
     * @param extensions how the mail server strips address extensions before its sender look-ups
     */
    Attribution(Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted,
                Function<String, Set<String>> senderRelays, AddressExtensions extensions) {
        this.effective = effective;
        this.hosted = hosted;
        this.senderRelays = senderRelays;
        this.extensions = extensions;
    }

    /** The scope of a message from {@code sender} (the envelope sender as logged; empty for a bounce). */
    Target of(String sender) {
        int at = sender.lastIndexOf('@');
        String domain = at < 0 ? "" : sender.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            return ofDomain("");
        }
        // Postfix folds the case of the whole key before a lookup in its tables (hash, lmdb, pgsql as we write them)
        String address = sender.toLowerCase(Locale.ROOT);
        if (!isAscii(domain)) {
            Optional<String> ascii = keyedAscii(domain);
            if (ascii.isEmpty()) {
                return unrouted(domain);
            }
            // the maps hold this Unicode name's keys beside the ASCII ones (UnicodeKeys): the mail took the relay of
            // the address or domain, as in ASCII
            domain = ascii.get();
            address = address.substring(0, address.lastIndexOf('@') + 1) + domain;
        }
        Set<String> own = ownRelays(domain);
        if (own.isEmpty()) {
            return ofDomain(domain);
        }
        if (own.contains(address)) {
            return new Target(List.of(address), VIA_SENDER);
        }
        // Postfix looks alice+news@example.com up, then alice@example.com (recipient_delimiter), then @example.com
        Optional<String> base = extensions.base(address);
        if (base.isPresent() && own.contains(base.get())) {
            return new Target(List.of(base.get()), VIA_SENDER);
        }
        return ofDomain(domain);
    }

    /**
     * The ASCII name of a sender domain in Unicode (lower case, as Postfix folds it) whose keys the panel's maps hold
     * in Unicode too ({@link UnicodeKeys}: Postfix then finds {@code @bücher.example}); empty for a name they do not
     * hold it for ({@code straße.example}, which Postfix folds to {@code strasse.example}; a form that is not the
     * name's own, such as decomposed accents). Remembered as {@link #known} is.
     */
    private Optional<String> keyedAscii(String unicodeDomain) {
        Optional<String> a = keyed.get(unicodeDomain);
        if (a == null) {
            a = asciiName(unicodeDomain).filter(ascii -> unicodeDomain.equals(UnicodeKeys.name(ascii)));
            if (keyed.size() < REMEMBERED) {
                keyed.put(unicodeDomain, a);
            }
        }
        return a;
    }

    /**
     * A sender domain in Unicode whose Unicode keys the maps do not hold ({@code anna@straße.example}, sent with
     * SMTPUTF8; see {@link UnicodeKeys}): Postfix looks up {@code anna@strasse.example} and {@code @strasse.example}
     * (folded, no conversion to {@code xn--}), which are not the domain's keys, so neither the address's nor the
     * domain's relay applies: the mail goes the way of mail without a relay (the server-wide relay, else directly),
     * which is what it counts for (seen on Postfix 3.7, before the maps held Unicode keys).
     * It counts for the hosted domain too only when the domain has no relay of its own (its scope then shows the
     * server's or direct delivery of its mail anyway); a domain relay's figures stay its own.
     */
    private Target unrouted(String unicodeDomain) {
        Target t = known.get(unicodeDomain);
        if (t == null) {
            Optional<String> ascii = asciiName(unicodeDomain);
            Target asAscii = ofDomain(ascii.orElse(""));
            boolean ownRelay = asAscii.via().equals("domain") || asAscii.via().equals("alias");
            t = ownRelay ? ofDomain("") : asAscii;
            if (known.size() < REMEMBERED) {
                known.put(unicodeDomain, t);
            }
        }
        return t;
    }

    private static Optional<String> asciiName(String unicodeDomain) {
        try {
            return Optional.of(io.smarthost.core.relay.HostSyntax.dnsName(unicodeDomain));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The addresses of {@code domain} with a relay of their own; none for an alias or a name the panel lacks. */
    private Set<String> ownRelays(String domain) {
        Set<String> s = ownRelays.get(domain);
        if (s == null) {
            Optional<Domain> d = hosted.apply(domain);
            s = d.isPresent() && d.get().name().equals(domain) ? senderRelays.apply(domain) : Set.of();
            if (ownRelays.size() < REMEMBERED) {
                ownRelays.put(domain, s);
            }
        }
        return s;
    }

    private Target ofDomain(String senderDomain) {
        Target t = known.get(senderDomain);
        if (t == null) {
            t = resolve(senderDomain);
            if (known.size() < REMEMBERED) {
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
