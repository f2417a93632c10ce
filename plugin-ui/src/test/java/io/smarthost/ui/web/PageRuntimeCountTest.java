package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Counts on the pages are written as the reader writes numbers ("More than 10,024", "Plus de 10 024"). */
class PageRuntimeCountTest {

    @Test
    void countsAreGroupedTheWayEachLanguageGroupsThem() {
        assertEquals("10,024", PageRuntime.count(Locale.ENGLISH, 10_024));
        assertEquals("10\u202F024", PageRuntime.count(Locale.FRENCH, 10_024), "French: a narrow no-break space");
        assertEquals("100,000", PageRuntime.count(Locale.ENGLISH, 100_000));
        assertEquals("999", PageRuntime.count(Locale.FRENCH, 999), "nothing to group below a thousand");
    }

    @Test
    void frenchCountsZeroAndOneAsSingular() {
        assertTrue(PageRuntime.singular(Locale.FRENCH, 0));
        assertTrue(PageRuntime.singular(Locale.FRENCH, 1));
        assertFalse(PageRuntime.singular(Locale.ENGLISH, 0));
        assertFalse(PageRuntime.singular(Locale.FRENCH, 2));
    }
}
