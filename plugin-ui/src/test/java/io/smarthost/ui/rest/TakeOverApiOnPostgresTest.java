package io.smarthost.ui.rest;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link TakeOverApiTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class TakeOverApiOnPostgresTest extends TakeOverApiTest {
}
