package io.smarthost.panel.host.domains;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link ManyDomainsTest} (batched creation, bounded counts), on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class ManyDomainsOnPostgresTest extends ManyDomainsTest {
}
