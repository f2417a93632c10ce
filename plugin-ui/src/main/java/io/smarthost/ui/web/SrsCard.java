package io.smarthost.ui.web;

import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SmarthostService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server page's "Forwarded mail and SPF" card (admins): where the seed only warned that forwarding may
 * break behind a relay, the SRS switch with its explanation ({@code POST …/server/srs}, field {@code srs} =
 * {@code on} or {@code off}). Shown only when the selected backend can do SRS; elsewhere the warning stays.
 */
final class SrsCard {
    private final PageRuntime rt;

    SrsCard(PageRuntime rt) {
        this.rt = rt;
    }

    /** What a change did: the card after it and the page's status (200, 400 bad value, 500 refused by the mail server). */
    record Changed(Map<String, Object> card, int status) {
    }

    /** The card; empty (none, the old warning shows) but on the server page for admins with a backend that can do SRS. */
    Map<String, Object> model(RelayTarget t) {
        if (!t.server() || !t.admin() || !rt.service().capabilities().srs()) {
            return Map.of();
        }
        return card("", false);
    }

    Changed change(String value) {
        Boolean on = parse(value);
        if (on == null) {
            return new Changed(card(rt.text("smarthost.srs.invalid"), false), 400);
        }
        try {
            rt.service().updateSrs(on);
            return new Changed(card("", true), 200);
        } catch (RelayValidationException e) {
            return new Changed(card(e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message(), false), 400);
        } catch (RelayApplyException e) {
            return new Changed(card(rt.text(e.nothingChanged() ? "smarthost.apply.failed" : "smarthost.apply.incomplete",
                    e.step(), e.reason()), false), 500);
        }
    }

    /** {@code on}/{@code off} (also {@code true}/{@code false}, as the other switches); null for anything else. */
    static Boolean parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "on", "true" -> Boolean.TRUE;
            case "off", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private Map<String, Object> card(String error, boolean saved) {
        SmarthostService service = rt.service();
        boolean on = service.srs();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("on", on);
        m.put("relayOn", !service.server().effectiveLevel().name().equals("DIRECT") || service.domainCount() > 0);
        m.put("error", error);
        m.put("saved", saved);
        return m;
    }
}
