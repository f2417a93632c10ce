package io.smarthost.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every self-check code a page or the dashboard names has a label in English and in French. */
class HealthCodesTest {

    @Test
    void everyCodeHasALabelInBothLanguagesAndAnUnknownOneReadsAsAFailedCheck() throws Exception {
        for (String bundle : new String[] {"i18n/messages.properties", "i18n/messages_fr.properties"}) {
            Properties p = new Properties();
            try (InputStream in = HealthCodesTest.class.getClassLoader().getResourceAsStream(bundle)) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (String code : HealthCodes.known()) {
                assertTrue(p.containsKey(HealthCodes.key(code)), bundle + " lacks " + HealthCodes.key(code));
            }
            assertTrue(p.containsKey("smarthost.health.code.error"), bundle);
        }
        assertEquals("error", HealthCodes.labelled("something-new"));
        assertEquals("smarthost.health.code.node", HealthCodes.key("node"));
        assertTrue(HealthCodes.placeIsAName("node") && HealthCodes.placeIsAName("main.cf") && HealthCodes.placeIsAName("map"));
        assertFalse(HealthCodes.placeIsAName("interrupted") || HealthCodes.placeIsAName("generation")
                || HealthCodes.placeIsAName("something-new"), "the store's own place, 'panel store', is English words");
    }
}
