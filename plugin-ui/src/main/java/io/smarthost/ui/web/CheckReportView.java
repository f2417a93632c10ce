package io.smarthost.ui.web;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A connection-check report shaped for the template (no Optional, status ids as text). */
final class CheckReportView {

    private CheckReportView() {
    }

    static Map<String, Object> of(CheckReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", report.ok());
        m.put("tookMs", report.tookMs());
        m.put("advice", report.advice().orElse(""));
        m.put("transcript", report.transcript());
        List<Map<String, Object>> steps = report.steps().stream().map(CheckReportView::step).toList();
        m.put("steps", steps);
        return m;
    }

    private static Map<String, Object> step(CheckStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("status", s.status().id());
        m.put("title", s.title());
        m.put("explanation", s.explanation());
        m.put("tookMs", s.tookMs());
        m.put("details", s.details());
        return m;
    }
}
