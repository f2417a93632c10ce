package io.smarthost.ui;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.panel.api.HealthCheck;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;

/**
 * The dashboard's line for delivery: the relays whose last attempt failed (the server-wide relay, domains with
 * their own relay), as the mail server's log says; nothing when all deliver or the feature is hidden. Answers
 * from the tracker's figures (kept by the background reader), never from the log itself.
 */
@Extension
public class DeliveryHealthCheck implements HealthCheck {
    static final int SHOWN = 5;

    private final HostServices host;
    private final FeatureGate gate;

    public DeliveryHealthCheck(HostServices host) {
        this.host = host;
        this.gate = new FeatureGate(host);
    }

    @Override
    public String name() {
        return "Smarthost delivery";
    }

    @Override
    public List<String> problems(Locale locale) {
        if (!gate.someLevel()) {
            return List.of();
        }
        DeliveryTracker tracker = DeliveryRuntime.tracker(host);
        if (!tracker.available()) {
            return List.of();
        }
        List<String> failing = tracker.failingRelays().stream()
                .filter(s -> s.equals("server") ? gate.serverLevel() : gate.domainLevel()).toList();
        List<String> out = new ArrayList<>();
        for (String scope : failing.subList(0, Math.min(SHOWN, failing.size()))) {
            out.add(scope.equals("server") ? host.messages().get(locale, "smarthost.delivery.dashboard.server")
                    : host.messages().get(locale, scope.indexOf('@') > 0 ? "smarthost.delivery.dashboard.sender"
                    : "smarthost.delivery.dashboard.domain", scope));
        }
        if (failing.size() > SHOWN) {
            out.add(host.messages().get(locale, "smarthost.delivery.dashboard.more", failing.size() - SHOWN));
        }
        return out;
    }
}
