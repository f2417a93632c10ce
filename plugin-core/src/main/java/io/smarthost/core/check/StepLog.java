package io.smarthost.core.check;

import io.smarthost.core.check.CheckStep.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records steps as the worker runs them; the request thread may take a snapshot at any time (when
 * the overall deadline passes), so every method is synchronized. Every value a step keeps (the
 * texts' values, the details) goes through the run's {@link SecretMask} first: replies of the relay
 * end up in both, and a relay may echo the login.
 */
final class StepLog {
    private final CheckTexts texts;
    private final SecretMask secrets;
    private final List<String> plan = new ArrayList<>();
    private final Map<String, CheckStep> done = new LinkedHashMap<>();
    private final Map<String, CheckText> skipReasons = new LinkedHashMap<>();
    private String current;
    private long currentStart;
    private CheckText advice;

    StepLog(CheckTexts texts, SecretMask secrets, List<String> plan) {
        this.texts = texts;
        this.secrets = secrets;
        this.plan.addAll(plan);
    }

    synchronized void begin(String id) {
        if (!plan.contains(id)) {
            plan.add(id);
        }
        current = id;
        currentStart = System.nanoTime();
    }

    void end(Status status, CheckText explanation, Map<String, String> details) {
        end(status, List.of(explanation), details);
    }

    synchronized void end(Status status, List<CheckText> explanation, Map<String, String> details) {
        if (current == null) {
            throw new IllegalStateException("no step running");
        }
        done.put(current, step(current, status, Duration.ofNanos(System.nanoTime() - currentStart), explanation,
                details));
        current = null;
    }

    /** Records a step that was decided without running (e.g. AUTH without credentials). */
    synchronized void skip(String id, CheckText explanation) {
        if (!plan.contains(id)) {
            plan.add(id);
        }
        done.put(id, step(id, Status.SKIPPED, Duration.ZERO, List.of(explanation), Map.of()));
    }

    /** A specific reason for a later step not running (instead of "an earlier step failed"). */
    synchronized void skipReason(String id, CheckText explanation) {
        skipReasons.put(id, explanation);
    }

    /** The first advice wins: it belongs to the first problem. */
    synchronized void advise(CheckText text) {
        if (advice == null) {
            advice = text.mapValues(secrets::mask);
        }
    }

    synchronized Optional<String> running() {
        return Optional.ofNullable(current);
    }

    /**
     * The report as of now. A step still running counts as failed with {@code interruption} (the
     * deadline passed while it ran); steps never reached are skipped.
     */
    synchronized CheckReport report(List<String> transcript, Duration took, CheckText interruption) {
        if (current != null) {
            done.put(current, step(current, Status.FAILED, Duration.ofNanos(System.nanoTime() - currentStart),
                    List.of(interruption), Map.of()));
            current = null;
        }
        List<CheckStep> steps = new ArrayList<>();
        String firstFailure = null;
        for (String id : plan) {
            CheckStep step = done.get(id);
            if (step == null) {
                CheckText why = skipReasons.getOrDefault(id, firstFailure == null ? CheckText.of("skip.notReached")
                        : CheckText.of("skip.afterFailure", CheckText.of("step." + firstFailure + ".title")));
                step = step(id, Status.SKIPPED, Duration.ZERO, List.of(why), Map.of());
            } else if (step.status() == Status.FAILED && firstFailure == null) {
                firstFailure = id;
            }
            steps.add(step);
        }
        boolean ok = steps.stream().noneMatch(s -> s.status() == Status.FAILED);
        Optional<CheckText> adviceText = Optional.ofNullable(advice);
        return new CheckReport(ok, steps, transcript, took, adviceText.map(a -> a.render(texts)), adviceText);
    }

    private CheckStep step(String id, Status status, Duration took, List<CheckText> explanation,
                           Map<String, String> details) {
        List<CheckText> masked = explanation.stream().map(t -> t.mapValues(secrets::mask)).toList();
        Map<String, String> maskedDetails = new LinkedHashMap<>();
        details.forEach((k, v) -> maskedDetails.put(k, secrets.mask(v)));
        String rendered = String.join(" ", masked.stream().map(t -> t.render(texts)).toList());
        return new CheckStep(id, status, took, texts.get("step." + id + ".title"), rendered, maskedDetails, masked);
    }
}
