package io.smarthost.postfix.inspect;

import io.smarthost.core.backend.Drift;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the managed settings that differ from what the panel last wrote ({@code applied.properties}):
 * edited, removed, or set by hand while the panel had them off, in main.cf and in our master.cf
 * transports. Values are compared as Postfix uses them: a parameter set to its default (Debian's
 * {@code relayhost =}) is the same as one left out, and lists compare item by item.
 */
final class DriftFinder {

    /** Postfix 3.7's defaults of the managed parameters (postconf -d). */
    static final Map<String, String> DEFAULTS = Map.of(
            "relayhost", "",
            "default_transport", "smtp",
            "smtp_sasl_auth_enable", "no",
            "smtp_sasl_password_maps", "",
            "smtp_sasl_security_options", "noplaintext, noanonymous",
            "smtp_sasl_tls_security_options", "$smtp_sasl_security_options",
            "smtp_sender_dependent_authentication", "no",
            "sender_dependent_relayhost_maps", "",
            "sender_dependent_default_transport_maps", "");

    private DriftFinder() {
    }

    /** Whether two values of {@code name} (empty: not set) make Postfix do the same. */
    static boolean same(String name, Optional<String> a, Optional<String> b) {
        return effective(name, a).equals(effective(name, b));
    }

    /** Values of these are keywords, which Postfix reads in any case. */
    private static final Set<String> KEYWORDS = Set.of("smtp_sasl_auth_enable", "smtp_sender_dependent_authentication",
            "smtp_sasl_security_options", "smtp_sasl_tls_security_options");

    private static String effective(String name, Optional<String> value) {
        String v = value.orElse(DEFAULTS.getOrDefault(name, "")).strip();
        if (KEYWORDS.contains(name)) {
            v = v.toLowerCase(Locale.ROOT);
        }
        return v.isEmpty() ? "" : String.join(",", v.split("[\\s,]+"));
    }

    /**
     * main.cf: one entry per managed parameter whose value differs from the panel's last one.
     *
     * @param applied  what the panel last wrote (empty when it has written nothing, or turned the relay off)
     * @param proposed what the change at hand leaves in main.cf for a parameter (empty: not set)
     * @param overwrittenOnly only the entries whose hand value the change replaces; without it (what the mail server
     *                        has now), only the parameters the panel wrote at its last apply
     */
    static List<Drift> mainCf(MainCf now, Map<String, String> applied, Function<String, Optional<String>> proposed,
                              boolean overwrittenOnly) {
        List<Drift> out = new ArrayList<>();
        for (String name : RelayRendering.MANAGED) {
            Optional<String> hand = now.get(name);
            Optional<String> last = Optional.ofNullable(applied.get(name));
            Optional<String> after = proposed.apply(name);
            if (last.isEmpty() && io.smarthost.postfix.srs.SrsRendering.PARAMETERS.contains(name)) {
                continue; // canonical maps the panel never wrote are the admin's (turning SRS on over them is refused)
            }
            if (same(name, hand, last) || overwrittenOnly && same(name, hand, after)) {
                continue;
            }
            if (!overwrittenOnly && last.isEmpty()) {
                // a parameter the panel did not write at its last apply is not written by the next one either (its
                // lines are released, kept as they are): the admin's own relayhost beside the panel's domain relays
                // was announced as a hand edit a save would write over, while the self-check agreed and a save kept
                // it. A change that writes it still asks (its preview names it; relayhost is a relay set by hand)
                continue;
            }
            String location = hand.isPresent() ? "main.cf:" + lastLine(now, name) : "main.cf";
            out.add(new Drift(name, location, Inspector.mask(hand.orElse("")), Inspector.mask(last.orElse("")),
                    Inspector.mask(after.orElse(""))));
        }
        return out;
    }

    /**
     * master.cf: one entry per smarthost transport that differs from the block the panel last wrote
     * (none when it had the relay off).
     *
     * @param applied    whether the panel's relay was on at its last apply
     * @param proposedOn whether the change at hand leaves it on
     * @param overwrittenOnly only the entries whose hand-written text the change replaces
     */
    static List<Drift> masterCf(MasterCf now, boolean applied, boolean proposedOn, String caFile, boolean overwrittenOnly) {
        Map<String, MasterCf.Service> hand = byName(now);
        Map<String, MasterCf.Service> ours = byName(MasterCf.parse(Transport.masterBlock(caFile)));
        Set<String> names = new LinkedHashSet<>(hand.keySet());
        names.addAll(ours.keySet());
        // a block without any service that never logs in was written by an earlier version: its next apply adds them,
        // and their absence is no hand edit to confirm
        boolean olderBlock = hand.keySet().stream().noneMatch(n -> n.endsWith(Transport.NO_LOGIN));
        List<Drift> out = new ArrayList<>();
        for (String name : names) {
            if (olderBlock && !hand.containsKey(name) && name.endsWith(Transport.NO_LOGIN)) {
                continue;
            }
            String handText = Optional.ofNullable(hand.get(name)).map(MasterCf.Service::text).orElse("");
            String panelText = applied ? Optional.ofNullable(ours.get(name)).map(MasterCf.Service::text).orElse("") : "";
            String proposed = proposedOn ? Optional.ofNullable(ours.get(name)).map(MasterCf.Service::text).orElse("") : "";
            if (handText.equals(panelText) || overwrittenOnly && handText.equals(proposed)) {
                continue;
            }
            String location = hand.containsKey(name) ? "master.cf:" + hand.get(name).line() : "master.cf";
            out.add(new Drift("master.cf: " + name, location, Inspector.mask(handText), Inspector.mask(panelText),
                    Inspector.mask(proposed)));
        }
        return out;
    }

    private static Map<String, MasterCf.Service> byName(MasterCf cf) {
        Map<String, MasterCf.Service> out = new LinkedHashMap<>();
        cf.entries(n -> n.startsWith(Transport.PREFIX)).forEach(s -> out.put(s.name(), s));
        return out;
    }

    private static int lastLine(MainCf cf, String name) {
        return cf.parameters().stream().filter(p -> p.name().equals(name)).mapToInt(MainCf.Parameter::line).max().orElse(0);
    }
}
