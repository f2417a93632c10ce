package io.smarthost.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BundleTextTest {

    @Test
    void placesAreFilledInOnePassAndValuesAreToldAsTheyAre() {
        // a value holding a place of its own (a stranger's host name, an error message) is not filled again
        assertEquals("a {1} b $1 \\ c", BundleText.fill("a {0} b {1} c", "{1}", "$1 \\"));
        assertEquals("twice x x, missing {2}", BundleText.fill("twice {0} {0}, missing {2}", "x"));
        assertEquals("no places", BundleText.fill("no places", "x"));
    }
}
