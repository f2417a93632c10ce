package io.smarthost.core.check;

import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.relay.Relay;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check.
 *
 * @param relay          the relay as the admin entered it (or as stored), credentials included when
 *                       AUTH is to be tested
 * @param requester      who asks (decides where the check may connect)
 * @param probeSender    when present: {@code MAIL FROM} with this address, then {@code RSET} (nothing sent)
 * @param probeRecipient when present with a sender: also {@code RCPT TO} with this address
 * @param testMail       when present: a real test message sent through the relay
 * @param mailServer     how the mail server that will use the relay trusts certificates (from the
 *                       active backend, {@code SmarthostService.mailServerTrust()}); the certificate
 *                       step predicts that mail server. Default: unknown (since 1.1)
 * @since 1.0
 */
public record CheckRequest(Relay relay, Requester requester, Optional<String> probeSender,
                           Optional<String> probeRecipient, Optional<TestMail> testMail,
                           MailServerTrust mailServer) {

    public CheckRequest {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(requester, "requester");
        probeSender = probeSender == null ? Optional.empty()
                : probeSender.map(s -> TestMail.requireAddress("probeSender", s));
        probeRecipient = probeRecipient == null ? Optional.empty()
                : probeRecipient.map(s -> TestMail.requireAddress("probeRecipient", s));
        testMail = testMail == null ? Optional.empty() : testMail;
        mailServer = mailServer == null ? MailServerTrust.unknown("") : mailServer;
        if (probeRecipient.isPresent() && probeSender.isEmpty()) {
            throw new IllegalArgumentException(
                    "probeRecipient: a recipient probe needs probeSender too (RCPT TO comes after MAIL FROM)");
        }
    }

    /** A request for a mail server whose certificate trust is unknown. */
    public CheckRequest(Relay relay, Requester requester, Optional<String> probeSender,
                        Optional<String> probeRecipient, Optional<TestMail> testMail) {
        this(relay, requester, probeSender, probeRecipient, testMail, null);
    }

    /** Connection, TLS and AUTH only. */
    public static CheckRequest of(Relay relay, Requester requester) {
        return new CheckRequest(relay, requester, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same request, predicting the mail server described by {@code trust}. */
    public CheckRequest forMailServer(MailServerTrust trust) {
        return new CheckRequest(relay, requester, probeSender, probeRecipient, testMail, trust);
    }
}
