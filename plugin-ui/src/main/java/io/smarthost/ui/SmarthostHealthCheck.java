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
 * hidden.
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
        for (Disagreement d : h.disagreements().subList(0, Math.min(SHOWN, h.disagreements().size()))) {
            out.add((d.where().isEmpty() ? "" : d.where() + ": ") + d.what());
        }
        if (h.disagreements().size() > SHOWN) {
            out.add(host.messages().get(locale, "smarthost.health.more", h.disagreements().size() - SHOWN));
        }
        return out;
    }
}
