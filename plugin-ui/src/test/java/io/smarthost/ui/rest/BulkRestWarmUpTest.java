package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The start's read of a made-up bulk body: it goes through the checks a real bulk request's body goes through
 * (a field the REST layer stops accepting would make it throw, and the start's log say the warm-up was cut short).
 */
class BulkRestWarmUpTest {

    @Test
    void theMadeUpBodyIsReadWholeAsARequestsWouldBe() {
        assertEquals(1, BulkRest.warmUp(1));
        assertEquals(5_000, BulkRest.warmUp(5_000));
        assertEquals(BulkRest.WARM_UP_NAMES, BulkRest.warmUp(100_003), "at most what a request's body of 1 MB holds");
    }
}
