package io.smarthost.ui.delivery;

import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.MtaTests;
import io.smarthost.core.delivery.ReplyAdvice;
import io.smarthost.panel.api.services.Messages;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A test message through the mail server as the REST API ({@code GET .../mta-tests/{id}}) and the result page
 * show it. Replies are masked for the relay's password; a customer whose mail goes through the server-wide relay
 * is not told that relay's address (as on the delivery card).
 *
 * @param id           the test's id
 * @param scope        {@code server} or the domain name
 * @param from         the envelope sender
 * @param to           the recipient
 * @param state        {@code STARTING}, {@code QUEUED}, {@code SENT}, {@code DEFERRED}, {@code BOUNCED},
 *                     {@code TIMEOUT} or {@code FAILED}
 * @param done         whether the state is final (stop polling)
 * @param queueId      the mail server's queue id, empty until its log named it
 * @param relay        the next hop the attempt reached, as logged (masked), empty before the attempt
 * @param replyCode    the SMTP reply code of the attempt, 0 when none
 * @param dsn          the enhanced status code of the attempt
 * @param reply        the relay's reply or the mail server's reason (masked)
 * @param delaySeconds the mail server's own delay for the attempt, as logged
 * @param seconds      seconds from the start to the end (to now while running)
 * @param summary      the state in one sentence, in the caller's language
 * @param meaning      for a deferral or bounce: what the reply means, in the caller's language, else empty
 * @param advice       for a deferral or bounce: what to do, else empty
 * @param problem      why the mail server refused the message ({@code FAILED}), else empty
 * @param started      when it started (ISO-8601)
 * @param finished     when it ended (ISO-8601), null while running
 */
public record MtaTestJson(String id, String scope, String from, String to, String state, boolean done, String queueId,
                          String relay, int replyCode, String dsn, String reply, double delaySeconds, double seconds,
                          String summary, String meaning, String advice, String problem, String started,
                          String finished) {

    /**
     * @param route the relay that applies to the test's sender now (its password is masked out)
     * @param admin whether the reader is an administrator
     */
    public static MtaTestJson of(MtaTests.Snapshot s, EffectiveRelay route, boolean admin, Messages messages,
                                 Locale locale, Instant now) {
        DeliveryJson.Mask mask = new DeliveryJson.Mask(route.relay(), !admin && route.level() != RelayLevel.DOMAIN);
        Optional<Delivery> d = s.delivery();
        String reply = d.map(x -> mask.apply(x.reply())).orElse("");
        String relay = d.map(x -> mask.apply(x.relay())).orElse("");
        Optional<ReplyAdvice> advice = d.filter(x -> s.state() != MtaTests.State.SENT)
                .map(x -> ReplyAdvice.explain(x.reply(), x.dsn(), locale));
        String problem = mask.apply(s.problem());
        String seconds = String.format(locale, "%.1f", d.map(Delivery::delaySeconds).orElse(s.seconds(now)));
        String summary = switch (s.state()) {
            case STARTING -> messages.get(locale, "smarthost.mtaTest.state.STARTING");
            case QUEUED -> messages.get(locale, "smarthost.mtaTest.state.QUEUED", s.queueId());
            case SENT -> messages.get(locale, "smarthost.mtaTest.state.SENT", relay, reply, seconds);
            case DEFERRED -> messages.get(locale, "smarthost.mtaTest.state.DEFERRED", relay, reply);
            case BOUNCED -> messages.get(locale, "smarthost.mtaTest.state.BOUNCED", relay, reply);
            case TIMEOUT -> messages.get(locale, "smarthost.mtaTest.state.TIMEOUT",
                    s.queueId().isEmpty() ? "-" : s.queueId(), MtaTests.WAIT.toSeconds());
            case FAILED -> messages.get(locale, "smarthost.mtaTest.state.FAILED", problem);
        };
        String scope = s.scope().startsWith("@") ? s.scope().substring(1) : s.scope();
        return new MtaTestJson(s.id(), scope, s.from(), s.to(), s.state().name(), s.state().done(), s.queueId(), relay,
                d.map(Delivery::replyCode).orElse(0), d.map(Delivery::dsn).orElse(""), reply,
                d.map(Delivery::delaySeconds).orElse(0.0), Math.round(s.seconds(now) * 10) / 10.0, summary,
                advice.map(ReplyAdvice::meaning).orElse(""), advice.map(ReplyAdvice::advice).orElse(""), problem,
                s.started().toString(), s.finished().map(Instant::toString).orElse(null));
    }
}
