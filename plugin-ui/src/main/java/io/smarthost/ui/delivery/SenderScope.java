package io.smarthost.ui.delivery;

import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.service.SenderLookup;
import io.smarthost.core.service.SenderRelayRow;
import io.smarthost.core.service.SmarthostService;
import java.util.Optional;

/**
 * Whose own relay carries the mail of one sender address, for its delivery figures ({@code --status -sender} and
 * {@code GET .../senders/ADDRESS/status} answer alike): the address's own relay when it is on, else the relay of the
 * address without its extension ({@code alice@} for {@code alice+news@}, when the mail server strips extensions, as
 * Postfix does with {@code recipient_delimiter}), else none, with the reason (a relay turned off is none: its mail
 * follows the domain, as the mail server sends it).
 *
 * @param relayOf the address ({@code local@domain}) whose own relay carries the mail; empty when none does
 * @param note    why: for none, the reason (English, one sentence without a final stop); for the relay of the address
 *                without its extension, a sentence saying so; empty otherwise
 */
public record SenderScope(Optional<String> relayOf, String note) {

    public static SenderScope of(SmarthostService service, SenderAddress a) {
        SenderLookup l = service.whichRelay(a.address());
        if (l.source() == SenderLookup.Source.ADDRESS) {
            String by = l.decidedBy();
            return new SenderScope(Optional.of(by), by.equals(a.address()) ? ""
                    : a.display() + " has no relay of its own: the mail server sends its mail through the relay of "
                    + SenderAddress.parse(by).display() + ", the address without its extension");
        }
        Optional<SenderRelayRow> row;
        try {
            row = service.sender(a.domain(), a.address());
        } catch (RuntimeException e) {
            row = Optional.empty(); // an alias's address, or a domain not in the panel: no relay of its own either
        }
        return new SenderScope(Optional.empty(), a.display() + " has no relay of its own"
                + (row.isPresent() ? " (its relay is turned off)" : "") + ": its mail is its domain's ("
                + HostSyntax.toUnicode(a.domain()) + ")");
    }
}
