package io.smarthost.panel.host.services;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DbDnsZonesTest} on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class DbDnsZonesOnPostgresTest extends DbDnsZonesTest {
}
