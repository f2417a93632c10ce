package io.smarthost.ui.rest;

import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.service.SenderLookup;
import io.smarthost.core.service.SenderRelayRow;
import java.util.List;
import java.util.Locale;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.panel.api.services.Messages;

/**
 * The JSON of per-sender relays (REST and {@code panel bin smarthost -json}); never a secret, only
 * whether one is set.
 *
 * @since 1.3
 */
public final class SenderModel {
    private SenderModel() {
    }

    /** One address with its own relay. */
    public record Row(String address, String addressDisplay, ApiModel.Relay settings) {
        public static Row of(SenderRelayRow r) {
            return new Row(r.address().address(), r.address().display(), ApiModel.Relay.of(r.settings()));
        }
    }

    /**
     * A domain's addresses with their own relay.
     *
     * @param supported whether the selected mail server backend can route by sender address
     * @param limit     how many addresses of one domain may have a relay ({@code smarthost.sender.max_per_domain})
     */
    public record SenderList(String domain, boolean supported, int limit, List<Row> items) {
        public static SenderList of(String domain, boolean supported, int limit, List<SenderRelayRow> rows) {
            return new SenderList(domain, supported, limit, rows.stream().map(Row::of).toList());
        }
    }

    /**
     * Which relay applies to mail from one address.
     *
     * @param source    {@code ADDRESS}, {@code DOMAIN}, {@code ALIAS_DOMAIN}, {@code SERVER} or {@code DIRECT}
     * @param decidedBy the address or domain whose settings decide; empty for the server and direct delivery
     * @param relay     the relay ({@code [host]:port}); null for direct delivery, and for the server-wide relay
     *                  when a customer asks (customers are not shown the server's relay)
     * @param text      the answer in a sentence, in the reader's language
     */
    public record Which(String address, String source, String decidedBy, String relay, String text) {
        public static Which of(SenderLookup l, boolean admin, Locale locale, Messages messages) {
            return of(l, admin, locale, messages, java.util.Optional::empty);
        }

        /**
         * As above; mail no panel relay covers that the mail server relays through a relay set by hand (its own
         * {@code relayhost}) says so to an administrator, source {@code HAND} (it said "directly").
         */
        public static Which of(SenderLookup l, boolean admin, Locale locale, Messages messages, ApiModel.HandRelays hand) {
            String relay = l.settings().map(s -> s.relayDisplay()).orElse(null);
            if (l.source() == SenderLookup.Source.SERVER && !admin) {
                relay = null;
            }
            if (l.source() == SenderLookup.Source.DIRECT && admin) {
                java.util.Optional<String> byHand = hand.relaySetByHand().map(ApiModel.Scope::handText);
                if (byHand.isPresent()) {
                    return new Which(l.address().address(), "HAND", "", byHand.get(), messages.get(locale,
                            "smarthost.sender.which.hand", l.address().display(), "", byHand.get()));
                }
            }
            return new Which(l.address().address(), l.source().name(), l.decidedBy(), relay,
                    text(l, relay, locale, messages));
        }

        /** {0} the address, {1} the address or domain that decides, {2} the relay. */
        static String text(SenderLookup l, String relay, Locale locale, Messages messages) {
            String key = "smarthost.sender.which." + l.source().name().toLowerCase(Locale.ROOT)
                    + (l.source() == SenderLookup.Source.SERVER && relay == null ? ".hidden" : "")
                    // alice+news@: the relay of alice@, as the mail server strips the extension
                    + (l.source() == SenderLookup.Source.ADDRESS && !l.decidedBy().equals(l.address().address())
                    ? ".base" : "");
            String decidedBy = l.decidedBy().contains("@") ? SenderAddress.parse(l.decidedBy()).display()
                    : HostSyntax.toUnicode(l.decidedBy());
            return messages.get(locale, key, l.address().display(), decidedBy, relay == null ? "" : relay);
        }
    }
}
