package io.smarthost.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.delivery.DeliveryStatus.State;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A backend that cannot report (the Windows ones today) gives "not available", never zeros. */
class DeliveryTrackerTest {

    @Test
    void aBackendWithoutDeliveryReportingSaysNotAvailable() {
        MailBackend backend = new RecordingMailBackend("smartermail", Capabilities.none());
        assertEquals(Optional.empty(), backend.deliveryReporting(), "the capability is optional, off by default");
        InMemoryDesiredState state = new InMemoryDesiredState();
        try (DeliveryTracker t = new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()), new RecordingActionLog(),
                backend.deliveryReporting(), d -> EffectiveRelay.resolve(state, d), new InMemoryDomains()::find,
                Clock.systemUTC())) {
            assertFalse(t.available());
            assertEquals(State.UNAVAILABLE, t.server().state());
            assertFalse(t.domain("example.com").available());
            assertEquals(0, t.poll().lines());
        }
    }

    /** The Smarthosts list reads a page's stored figures together: each as stored, nothing for the unseen. */
    @Test
    void storedFiguresOfManyDomainsAreReadTogetherLikeOneByOne() {
        InMemorySettingsStore store = new InMemorySettingsStore(new AesGcmSecretBox());
        store.inTransaction(tx -> {
            tx.put(DeliveryTracker.PREFIX + "@a.example", new ScopeStats().toJson());
            tx.put(DeliveryTracker.PREFIX + "@c.example", new ScopeStats().toJson());
            return null;
        });
        InMemoryDesiredState state = new InMemoryDesiredState();
        try (DeliveryTracker t = new DeliveryTracker(store, new RecordingActionLog(), Optional.empty(),
                d -> EffectiveRelay.resolve(state, d), new InMemoryDomains()::find, Clock.systemUTC())) {
            var read = t.stats(java.util.List.of("a.example", "b.example", "c.example"));
            assertEquals(java.util.Set.of("a.example", "c.example"), read.keySet());
            for (String d : java.util.List.of("a.example", "c.example")) {
                assertEquals(store.get(DeliveryTracker.PREFIX + "@" + d).orElseThrow(), read.get(d).toJson(), d);
            }
        }
    }
}
