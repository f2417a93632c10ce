package io.smarthost.ui;

import io.smarthost.core.service.HealthReport;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.api.StartListener;
import io.smarthost.panel.api.services.HostServices;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the panel's start: re-applies everything from the store when an earlier change was interrupted
 * (a crash, a killed command, a full disk), then runs the self-check once and logs what disagrees,
 * so that the dashboard and the server page show it from the first view.
 */
@Extension
public class SmarthostStartListener implements StartListener {
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostStartListener.class);

    private final HostServices host;

    public SmarthostStartListener(HostServices host) {
        this.host = host;
    }

    @Override
    public void panelStarted() {
        SmarthostService service = SmarthostRuntime.service(host);
        try {
            service.convergeNow().ifPresent(r -> LOG.info("smarthost: an interrupted change was re-applied at start"
                    + " ({} ms)", r.took().toMillis()));
        } catch (RelayApplyException e) {
            LOG.error("smarthost: an interrupted change could not be re-applied at start ({}): {}", e.step(), e.reason());
        }
        try {
            long t = System.nanoTime();
            // the first change after a start costs what the next ones do; bulk changes only where they can come
            int bulk = service.warmUp(new FeatureGate(host).domainLevel());
            if (bulk > 0) {
                io.smarthost.ui.rest.BulkRest.warmUp(bulk); // and its request's body is read as the next ones are
            }
            LOG.info("smarthost: warm-up in {} ms{}", (System.nanoTime() - t) / 1_000_000,
                    bulk > 0 ? " (a bulk change over " + bulk + " domains readied)" : "");
        } catch (RuntimeException e) {
            LOG.info("smarthost: warm-up cut short (nothing was changed): {}", e.toString());
        }
        try {
            HealthReport h = service.health();
            if (h.agrees()) {
                LOG.info("smarthost: self-check: the mail server does what the panel says ({} places compared in {} ms)",
                        h.checked().size(), h.tookMillis());
            } else {
                h.disagreements().forEach(d -> LOG.warn("smarthost: self-check: {}{}",
                        d.where().isEmpty() ? "" : d.where() + ": ", d.what()));
            }
        } catch (RelayApplyException e) {
            LOG.warn("smarthost: self-check failed ({}): {}", e.step(), e.reason());
        }
        // the self-check and the warm-up read every domain (100,000: about 70 MB of heap left behind): given back to
        // the system, as bulk changes and repairs do when they end
        io.smarthost.panel.api.MemoryBack.now();
    }
}
