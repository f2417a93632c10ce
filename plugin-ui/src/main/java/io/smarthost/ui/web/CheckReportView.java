package io.smarthost.ui.web;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A connection-check report shaped for the template (no Optional, status ids as text). The details'
 * names ({@code heloName}, {@code notAfter}...) and yes/no values are put in the reader's words
 * ({@code smarthost.report.detail.NAME}); a name without a text stays as it is.
 */
final class CheckReportView {

    private CheckReportView() {
    }

    /** {@code text} answers a message key (and its arguments) in the reader's language, or the key when there is none. */
    static Map<String, Object> of(CheckReport report, BiFunction<String, Object[], String> text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", report.ok());
        m.put("tookMs", report.tookMs());
        m.put("advice", report.advice().orElse(""));
        m.put("transcript", report.transcript());
        List<Map<String, Object>> steps = report.steps().stream().map(s -> step(s, text)).toList();
        m.put("steps", steps);
        return m;
    }

    private static Map<String, Object> step(CheckStep s, BiFunction<String, Object[], String> text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("status", s.status().id());
        m.put("title", s.title());
        m.put("explanation", s.explanation());
        m.put("tookMs", s.tookMs());
        Map<String, String> details = new LinkedHashMap<>();
        s.details().forEach((name, value) -> details.put(label(name, text), value(value, text)));
        m.put("details", details);
        return m;
    }

    private static String label(String name, BiFunction<String, Object[], String> text) {
        String key = "smarthost.report.detail." + name;
        String label = text.apply(key, new Object[0]);
        return label.equals(key) ? name : label;
    }

    private static String value(String value, BiFunction<String, Object[], String> text) {
        return switch (value) {
            case "true" -> text.apply("common.yes", new Object[0]);
            case "false" -> text.apply("common.no", new Object[0]);
            default -> value;
        };
    }
}
