package io.smarthost.ui.web;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link SmarthostsListSortTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class SmarthostsListSortOnPostgresTest extends SmarthostsListSortTest {
}
