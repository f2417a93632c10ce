package io.smarthost.core.service;

import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.services.HostServices;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The service as the service tests build it: one backend, its clock fixed at {@link #NOW}. */
final class FixedClockService {
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    private FixedClockService() {
    }

    static SmarthostService of(HostServices host, MailBackend backend, RelayValidator validator) {
        return new SmarthostService(host, List.of(backend), validator, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
