package io.smarthost.panel.host.web;

import io.smarthost.panel.host.testing.OnPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every specification of {@link AuthorizationMatrixTest}, with the panel's database on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class AuthorizationMatrixOnPostgresTest extends AuthorizationMatrixTest {
}
