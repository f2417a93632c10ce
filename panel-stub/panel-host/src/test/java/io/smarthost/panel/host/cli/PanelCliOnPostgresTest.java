package io.smarthost.panel.host.cli;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link PanelCliTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class PanelCliOnPostgresTest extends PanelCliTest {
}
