package io.smarthost.panel.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.DatabaseServer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void readsHostPortAndDatabaseOfAPostgresqlUrl() {
        assertEquals(Optional.of(new DatabaseServer("postgresql", "db.example.net", 6543, "panel", "p")),
                ServerAddress.of("jdbc:postgresql://db.example.net:6543/panel?sslmode=require", "p"));
        assertEquals(5432, ServerAddress.of("jdbc:postgresql://127.0.0.1/panel", "p").orElseThrow().port());
        assertEquals("::1", ServerAddress.of("jdbc:postgresql://[::1]:5433/x", "p").orElseThrow().host());
    }

    @Test
    void isEmptyForTheEmbeddedDatabaseAndSeveralHosts() {
        assertTrue(ServerAddress.of("jdbc:h2:file:/tmp/panel", "sa").isEmpty());
        assertTrue(ServerAddress.of("jdbc:postgresql://a:1,b:2/panel", "p").isEmpty());
    }
}
