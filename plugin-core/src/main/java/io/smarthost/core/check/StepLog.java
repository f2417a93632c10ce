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
 * the overall deadline passes), so every method is synchronized.
 */
final class StepLog {
    private final CheckTexts texts;
    private final List<String> plan = new ArrayList<>();
    private final Map<String, CheckStep> done = new LinkedHashMap<>();
    private final Map<String, String> skipReasons = new LinkedHashMap<>();
    private String current;
    private long currentStart;
    private String advice;

    StepLog(CheckTexts texts, List<String> plan) {
        this.texts = texts;
        this.plan.addAll(plan);
    }

    synchronized void begin(String id) {
        if (!plan.contains(id)) {
            plan.add(id);
        }
        current = id;
        currentStart = System.nanoTime();
    }

    synchronized void end(Status status, String explanation, Map<String, String> details) {
        if (current == null) {
            throw new IllegalStateException("no step running");
        }
        done.put(current, new CheckStep(current, status, Duration.ofNanos(System.nanoTime() - currentStart),
                title(current), explanation, details));
        current = null;
    }

    /** Records a step that was decided without running (e.g. AUTH without credentials). */
    synchronized void skip(String id, String explanation) {
        if (!plan.contains(id)) {
            plan.add(id);
        }
        done.put(id, new CheckStep(id, Status.SKIPPED, Duration.ZERO, title(id), explanation, Map.of()));
    }

    /** A specific reason for a later step not running (instead of "an earlier step failed"). */
    synchronized void skipReason(String id, String explanation) {
        skipReasons.put(id, explanation);
    }

    /** The first advice wins: it belongs to the first problem. */
    synchronized void advise(String text) {
        if (advice == null) {
            advice = text;
        }
    }

    synchronized Optional<String> running() {
        return Optional.ofNullable(current);
    }

    /**
     * The report as of now. A step still running counts as failed with {@code interruption} (the
     * deadline passed while it ran); steps never reached are skipped.
     */
    synchronized CheckReport report(List<String> transcript, Duration took, String interruption) {
        if (current != null) {
            done.put(current, new CheckStep(current, Status.FAILED,
                    Duration.ofNanos(System.nanoTime() - currentStart), title(current), interruption, Map.of()));
            current = null;
        }
        List<CheckStep> steps = new ArrayList<>();
        String firstFailure = null;
        for (String id : plan) {
            CheckStep step = done.get(id);
            if (step == null) {
                String why = skipReasons.getOrDefault(id, firstFailure == null
                        ? texts.get("skip.notReached") : texts.get("skip.afterFailure", title(firstFailure)));
                step = new CheckStep(id, Status.SKIPPED, Duration.ZERO, title(id), why, Map.of());
            } else if (step.status() == Status.FAILED && firstFailure == null) {
                firstFailure = id;
            }
            steps.add(step);
        }
        boolean ok = steps.stream().noneMatch(s -> s.status() == Status.FAILED);
        return new CheckReport(ok, steps, transcript, took, Optional.ofNullable(advice));
    }

    private String title(String id) {
        return texts.get("step." + id + ".title");
    }
}
