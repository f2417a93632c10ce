package io.smarthost.panel.host.domains;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link DomainEventsTest} (missed domain changes told in order, once), on PostgreSQL. */
@ExtendWith(OnPostgres.class)
class DomainEventsOnPostgresTest extends DomainEventsTest {
}
