package io.smarthost.core.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one connection check: every step in the order it ran (steps that could not run are
 * {@link CheckStep.Status#SKIPPED}), the SMTP dialogue with credentials masked, and one piece of advice
 * when something failed.
 *
 * <p>JSON form: {@code {"ok":false,"steps":[…],"transcript":["C: EHLO …"],"tookMs":812,"advice":"…"}};
 * {@code advice} is {@code null} when there is none.
 *
 * @param ok         true when no step failed (warnings allowed)
 * @param steps      the steps, in order
 * @param transcript lines {@code "S: …"} (server), {@code "C: …"} (client), {@code "* …"} (events),
 *                   each prefixed with the milliseconds since the check started
 * @param took       the whole check's duration
 * @param advice     the most useful next action, localised
 * @param adviceText the advice as a code and values, to render it in another language (since 1.1)
 * @param backup     the same check of the backup relay, when the relay has one; {@code ok} is then true
 *                   only when both pass (JSON {@code "backup": {…}}, null without a backup; since 1.3)
 * @since 1.0
 */
public record CheckReport(boolean ok, List<CheckStep> steps, List<String> transcript,
                          @JsonIgnore Duration took, Optional<String> advice, Optional<CheckText> adviceText,
                          Optional<CheckReport> backup) {

    /** A report of one relay. */
    public CheckReport(boolean ok, List<CheckStep> steps, List<String> transcript, Duration took,
                       Optional<String> advice, Optional<CheckText> adviceText) {
        this(ok, steps, transcript, took, advice, adviceText, Optional.empty());
    }

    /** This report with the backup relay's beside it; {@code ok} only when both are. @since 1.3 */
    public CheckReport withBackup(CheckReport backupReport) {
        return new CheckReport(ok && backupReport.ok(), steps, transcript, took.plus(backupReport.took()), advice,
                adviceText, Optional.of(backupReport));
    }

    /** Whether the first relay's own check passed (whatever the backup's). @since 1.3 */
    @JsonProperty("relayOk")
    public boolean relayOk() {
        return backup.isEmpty() ? ok : steps.stream().noneMatch(st -> st.status() == CheckStep.Status.FAILED);
    }

    @JsonProperty("backup")
    CheckReport backupOrNull() {
        return backup.orElse(null);
    }

    @JsonIgnore
    @Override
    public Optional<CheckReport> backup() {
        return backup;
    }

    public CheckReport {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        transcript = List.copyOf(Objects.requireNonNull(transcript, "transcript"));
        took = took == null ? Duration.ZERO : took;
        advice = advice == null ? Optional.empty() : advice;
        adviceText = adviceText == null ? Optional.empty() : adviceText;
        backup = backup == null ? Optional.empty() : backup;
    }

    /** A report without codes for its advice. */
    public CheckReport(boolean ok, List<CheckStep> steps, List<String> transcript, Duration took,
                       Optional<String> advice) {
        this(ok, steps, transcript, took, advice, Optional.empty());
    }

    /** The step with this id, if the check has one. */
    public Optional<CheckStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The first failed step, if any: the one to show first. */
    public Optional<CheckStep> firstFailure() {
        return steps.stream().filter(s -> s.status() == CheckStep.Status.FAILED).findFirst();
    }

    @JsonProperty("tookMs")
    public long tookMs() {
        return took.toMillis();
    }

    /** Jackson without the JDK 8 module writes Optional as an object; this keeps it a plain string. */
    @JsonProperty("advice")
    String adviceOrNull() {
        return advice.orElse(null);
    }

    @JsonIgnore
    @Override
    public Optional<String> advice() {
        return advice;
    }

    @JsonIgnore
    @Override
    public Optional<CheckText> adviceText() {
        return adviceText;
    }

    /** The advice's code, e.g. {@code advice.credentials}; null when there is no advice. */
    @JsonProperty("adviceCode")
    String adviceCodeOrNull() {
        return adviceText.map(CheckText::key).orElse(null);
    }
}
