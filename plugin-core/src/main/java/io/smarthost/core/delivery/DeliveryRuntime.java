package io.smarthost.core.delivery;

import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.api.services.HostServices;
import java.time.Clock;

/**
 * The plugin's one {@link DeliveryTracker}, kept in the plugin's context beside the service: made on first
 * use with the selected backend's {@link DeliveryReporting} (none: the tracker says "not available"), closed
 * with the context (its background reader ends then).
 */
public final class DeliveryRuntime {
    private DeliveryRuntime() {
    }

    public static DeliveryTracker tracker(HostServices host) {
        return host.context().singleton(DeliveryTracker.class, () -> {
            SmarthostService service = SmarthostRuntime.service(host);
            return new DeliveryTracker(host.store(), host.actionLog(),
                    SmarthostRuntime.selection(host).backend().flatMap(MailBackend::deliveryReporting),
                    service::effectiveFor, name -> host.domains().find(name), service::sendersWithOwnRelay,
                    service::addressExtensions, Clock.systemUTC());
        });
    }

    /** The plugin's test messages through the mail server ({@link MtaTests}), closed with the context. */
    public static MtaTests mtaTests(HostServices host) {
        return host.context().singleton(MtaTests.class, () -> new MtaTests(
                SmarthostRuntime.selection(host).backend().flatMap(MailBackend::deliveryReporting), Clock.systemUTC()));
    }
}
