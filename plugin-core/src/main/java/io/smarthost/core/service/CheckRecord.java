package io.smarthost.core.service;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckStep;
import io.smarthost.core.check.CheckText;
import io.smarthost.core.relay.RelayAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The last connection check of one scope, kept as codes and values (never as rendered text), so
 * each reader sees it in their own language. Kept only for a check of the scope's saved settings,
 * and shown only while those settings still name the relay that was checked ({@link #concerns}).
 * What the relay sent back is in the values, masked by the check.
 *
 * @param time    when it ran
 * @param ok      whether no step failed (warnings allowed)
 * @param tookMs  how long it took
 * @param relay   the relay that was checked; empty for a record of version 1.0
 * @param steps   every step with its status, texts and the relay's reply code
 * @param advice  the advice of the first problem
 * @param legacy  written by version 1.0 as text in its author's language; that text is not kept
 *                (it could hold an unmasked reply), only the time and the outcome
 * @since 1.0 (structured since 1.1)
 */
public record CheckRecord(Instant time, boolean ok, long tookMs, Optional<CheckedRelay> relay,
                          List<StepResult> steps, Optional<CheckText> advice, boolean legacy) {

    public CheckRecord {
        Objects.requireNonNull(time, "time");
        relay = relay == null ? Optional.empty() : relay;
        steps = steps == null ? List.of() : List.copyOf(steps);
        advice = advice == null ? Optional.empty() : advice;
    }

    /**
     * The relay a check was run against, as saved (the values that decide where and how mail goes;
     * the password is not part of it, but a check is only recorded when it was the saved one).
     *
     * @param relay             canonical address, {@code [smtp.example.com]:587}
     * @param encryption        {@code none}, {@code starttls}, {@code tls}
     * @param verifyCertificate whether the certificate was to be verified
     * @param authentication    whether a login was used
     * @param username          the login name; empty without authentication
     */
    public record CheckedRelay(String relay, String encryption, boolean verifyCertificate, boolean authentication,
                               String username) {
        public static CheckedRelay of(RelaySettings s) {
            return new CheckedRelay(s.address().map(RelayAddress::canonical).orElse(""), s.encryption().id(),
                    s.verifyCertificate(), s.authentication(), s.authentication() ? s.username() : "");
        }
    }

    /**
     * One step of the check.
     *
     * @param id        step id ({@code resolve}, {@code certificate}, {@code auth}, ...)
     * @param status    its outcome
     * @param texts     its explanation as codes and values
     * @param replyCode the SMTP reply code the relay gave in that step, when it gave one
     */
    public record StepResult(String id, CheckStep.Status status, List<CheckText> texts, OptionalInt replyCode) {
        public StepResult {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            texts = texts == null ? List.of() : List.copyOf(texts);
            replyCode = replyCode == null ? OptionalInt.empty() : replyCode;
        }

        /** The first sentence's code, e.g. {@code auth.failed}; the step id when it has none. */
        public String code() {
            return texts.isEmpty() ? id : texts.get(0).key();
        }
    }

    /** The record of {@code report}, a check of {@code relay} that ran at {@code time}. */
    public static CheckRecord of(CheckReport report, Instant time, CheckedRelay relay) {
        List<StepResult> steps = report.steps().stream().map(s -> new StepResult(s.id(), s.status(), s.texts(),
                replyCode(s.details().get("reply")))).toList();
        return new CheckRecord(time, report.ok(), report.tookMs(), Optional.of(relay), steps, report.adviceText(),
                false);
    }

    /** Whether this record is about the relay {@code saved} names now (a 1.0 record: cannot tell, yes). */
    public boolean concerns(RelaySettings saved) {
        return relay.map(r -> r.equals(CheckedRelay.of(saved))).orElse(true);
    }

    /** The first failed step, else the first with a warning: the one to name in a summary. */
    public Optional<StepResult> headline() {
        return steps.stream().filter(s -> s.status() == CheckStep.Status.FAILED).findFirst()
                .or(() -> steps.stream().filter(s -> s.status() == CheckStep.Status.WARNING).findFirst());
    }

    /**
     * A stable code for programs: {@code ok}, {@code legacy}, or the code of the {@link #headline()}
     * step's first sentence ({@code auth.failed}, {@code cert.notVerified}, ...).
     */
    public String code() {
        if (legacy) {
            return "legacy";
        }
        return headline().map(StepResult::code).orElse("ok");
    }

    /** One line for people, in {@code locale}: that all passed, or the step to look at and why. */
    public String summary(Locale locale) {
        if (legacy) {
            return CheckText.of(ok ? "summary.legacy.ok" : "summary.legacy.failed").render(locale);
        }
        Optional<StepResult> headline = headline();
        if (headline.isEmpty()) {
            return CheckText.of("summary.ok").render(locale);
        }
        StepResult s = headline.get();
        String title = CheckText.of("step." + s.id() + ".title").render(locale);
        return CheckText.of(s.status() == CheckStep.Status.FAILED ? "summary.failed" : "summary.warning", title,
                CheckText.render(s.texts(), locale)).render(locale);
    }

    /** The advice in {@code locale}; empty when there is none. */
    public Optional<String> advice(Locale locale) {
        return advice.map(a -> a.render(locale));
    }

    private static OptionalInt replyCode(String reply) {
        if (reply == null || reply.length() < 3) {
            return OptionalInt.empty();
        }
        String digits = reply.substring(0, 3);
        return digits.chars().allMatch(Character::isDigit) ? OptionalInt.of(Integer.parseInt(digits))
                : OptionalInt.empty();
    }
}
