package io.smarthost.core.testing;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckStep;
import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.check.CheckText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Connection-check reports made without a relay, for tests of what is done with a report. */
public final class CheckReports {

    private CheckReports() {
    }

    /** Every step passed. */
    public static CheckReport passed() {
        return new CheckReport(true, List.of(step("connect", Status.OK, Map.of(), CheckText.of("connect.ok", "192.0.2.7", 587)),
                step("auth", Status.OK, Map.of(), CheckText.of("auth.ok", "apikey", "PLAIN"))), List.of(),
                Duration.ofMillis(120), Optional.empty());
    }

    /** AUTH failed with {@code reply} (the relay's reply line, as the check keeps it: masked). */
    public static CheckReport authFailed(String reply) {
        CheckText advice = CheckText.of("advice.credentials");
        return new CheckReport(false, List.of(step("connect", Status.OK, Map.of(), CheckText.of("connect.ok", "192.0.2.7", 587)),
                step("auth", Status.FAILED, Map.of("reply", reply), CheckText.of("auth.failed", reply,
                        CheckText.of("reply.535")))), List.of(), Duration.ofMillis(340),
                Optional.of(advice.render(Locale.ENGLISH)), Optional.of(advice));
    }

    private static CheckStep step(String id, Status status, Map<String, String> details, CheckText text) {
        return new CheckStep(id, status, Duration.ofMillis(10), id, text.render(Locale.ENGLISH), details, List.of(text));
    }
}
