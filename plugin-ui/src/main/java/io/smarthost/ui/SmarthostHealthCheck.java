package io.smarthost.ui;

import io.smarthost.core.backend.Verification.Disagreement;
import io.smarthost.core.service.HealthReport;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.HealthCheck;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;

/**
 * The dashboard's line for the smarthost feature: what the self-check found (cached for 30 s, run
 * again after each change), nothing when the mail server does what the panel says or the feature is
 * hidden. Each difference reads "place: what" in English; in another language, where the backend's words would
 * be English, its code's label in that language and the place when it is a name ({@link HealthCodes}).
 */
@Extension
public class SmarthostHealthCheck implements HealthCheck {
    /** The dashboard names a few differences; the server page and {@code --verify} list them all. */
    static final int SHOWN = 5;

    private final HostServices host;
    private final FeatureGate gate;

    public SmarthostHealthCheck(HostServices host) {
        this.host = host;
        this.gate = new FeatureGate(host);
    }

    @Override
    public String name() {
        return "Smarthost";
    }

    @Override
    public List<String> problems(Locale locale) {
        if (!gate.serverLevel() && !gate.domainLevel()) {
            return List.of();
        }
        HealthReport h = SmarthostRuntime.service(host).health();
        if (h.agrees() || !h.supported() && h.disagreements().stream().allMatch(d -> d.code().equals("unsupported"))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(host.messages().get(locale, h.disagreements().size() == 1 ? "smarthost.health.dashboard.one"
                : "smarthost.health.dashboard.other", h.disagreements().size()));
        boolean english = locale.getLanguage().equals("en") || locale.getLanguage().isEmpty();
        for (Disagreement d : h.disagreements().subList(0, Math.min(SHOWN, h.disagreements().size()))) {
            // the backend's words are English: another language gets the code's label and the place (the
            // server page has the details, marked as English)
            String what = english ? d.what() : host.messages().get(locale, HealthCodes.key(d.code()));
            String where = english || HealthCodes.placeIsAName(d.code()) ? d.where() : "";
            out.add(where.isEmpty() ? what : host.messages().get(locale, "smarthost.health.dashboard.item", where, what));
        }
        if (h.disagreements().size() > SHOWN) {
            out.add(host.messages().get(locale, "smarthost.health.more", h.disagreements().size() - SHOWN));
        }
        return out;
    }
}
