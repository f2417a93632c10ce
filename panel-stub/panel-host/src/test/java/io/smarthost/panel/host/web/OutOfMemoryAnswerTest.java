package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A request that failed because the panel ran out of memory is told so: H2 wraps the error in an SQL exception,
 * and the answer said "the panel's database cannot be used (Java heap space)... Free disk space" (a hostile
 * test sending 150 bulk changes at once).
 */
class OutOfMemoryAnswerTest {

    @Test
    void anOutOfMemoryErrorIsToldAsSuchWhereverItIsWrapped() {
        assertTrue(ErrorMappers.outOfMemory(new OutOfMemoryError("Java heap space")));
        assertTrue(ErrorMappers.outOfMemory(new RuntimeException(new SQLException("Out of memory.",
                new OutOfMemoryError("Java heap space")))));
        assertTrue(ErrorMappers.outOfMemory(new SQLException("General error: \"java.lang.OutOfMemoryError: Java heap space\"")),
                "H2's own words");
        assertFalse(ErrorMappers.outOfMemory(new SQLException("No space left on device")));
        assertFalse(ErrorMappers.outOfMemory(new IllegalStateException()));
        assertEquals(java.util.Optional.of("No space left on device"),
                ErrorMappers.databaseFailure(new SQLException("No space left on device")), "disk full stays a database failure");
    }
}
