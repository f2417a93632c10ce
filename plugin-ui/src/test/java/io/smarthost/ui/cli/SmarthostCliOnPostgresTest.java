package io.smarthost.ui.cli;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link SmarthostCliTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class SmarthostCliOnPostgresTest extends SmarthostCliTest {
}
