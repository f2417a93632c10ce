package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.host.Panel;
import java.util.Map;

/**
 * The model of {@code ini-problems.ftlh}, the panel.ini problems block shared by the dashboard and
 * Tools &amp; Settings: the same list as {@code panel bin settings --reload-ini} and the log.
 */
final class IniProblemsBlock {

    private IniProblemsBlock() {
    }

    static void addTo(Map<String, Object> model, Panel panel) {
        model.put("iniFile", panel.ini().file().toString());
        model.put("iniProblems", panel.ini().report());
    }
}
