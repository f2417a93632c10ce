package io.smarthost.ui;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.panel.api.StartListener;
import io.smarthost.panel.api.services.HostServices;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * Starts the background reader of the mail server's log when the panel serves (never in a {@code panel bin}
 * process, whose {@code --status} reads the log itself): every {@link #EVERY} it reads what the log gained, every
 * 10 s it looks at the queue. The reader belongs to the plugin's context and ends when the plugin stops.
 */
@Extension
public class DeliveryStartListener implements StartListener {
    static final Duration EVERY = Duration.ofSeconds(2);

    private final HostServices host;

    public DeliveryStartListener(HostServices host) {
        this.host = host;
    }

    @Override
    public void panelStarted() {
        DeliveryRuntime.tracker(host).start(EVERY);
    }
}
