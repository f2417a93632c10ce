package io.smarthost.ui.rest;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link MemberSetsApiTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class MemberSetsApiOnPostgresTest extends MemberSetsApiTest {
}
