package io.smarthost.ui.delivery;

import io.smarthost.core.delivery.MtaTests;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.HostServices;
import java.util.Locale;

/**
 * A test message through the mail server as asked by the pages or the REST API, its addresses checked the same
 * way for both. The server's test needs a sender (its domain decides the relay that carries it); a domain's test
 * sends from an address of that domain or one of its aliases ({@code postmaster@DOMAIN} when none is given), so a
 * customer cannot send as someone else.
 *
 * @param scope {@code server} or {@code @domain}
 * @param from  the envelope sender
 * @param to    the recipient
 */
public record MtaTestStart(String scope, String from, String to) {

    /** @throws IllegalArgumentException {@code from: ...} or {@code to: ...} */
    public static MtaTestStart forServer(String from, String to) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("from: give the sender's address (its domain decides the relay), "
                    + "e.g. postmaster@example.com");
        }
        return new MtaTestStart("server", from.strip(), required(to));
    }

    /** @throws IllegalArgumentException {@code from: ...} or {@code to: ...} */
    public static MtaTestStart forDomain(HostServices host, String domain, String from, String to) {
        String sender = from == null || from.isBlank() ? "postmaster@" + domain : from.strip();
        int at = sender.lastIndexOf('@');
        String senderDomain = at < 0 ? "" : sender.substring(at + 1).toLowerCase(Locale.ROOT);
        boolean own = !senderDomain.isEmpty() && host.domains().find(senderDomain).map(Domain::name)
                .filter(domain::equals).isPresent();
        if (!own) {
            throw new IllegalArgumentException("from: must be an address of " + domain + " or of one of its aliases, e.g. postmaster@"
                    + domain);
        }
        return new MtaTestStart("@" + domain, sender, required(to));
    }

    private static String required(String to) {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("to: give the address that should receive the test message, e.g. you@example.net");
        }
        return to.strip();
    }

    /** Starts it. @throws MtaTests.Refused one runs already for this scope, too many run, or not available */
    public MtaTests.Snapshot run(MtaTests tests) {
        return tests.start(scope, from, to);
    }
}
