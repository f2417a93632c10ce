package io.smarthost.panel.host.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Domains page counts at most 10,000 domains past its page: beyond, it says "more than" for the pages too (a
 * hostile tester read "More than 10,024 domains ... Page 1 of 401", then on page 401 "Page 401 of 801").
 */
class DomainPagerTest {

    @TempDir
    Path home;

    @Test
    void pastTheCountThePagesAreMoreThanTheFullOnesKnown() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).demoData(false).start()) {
            int n = 10_100;
            var jdbc = panel.panel().jdbc();
            jdbc.tx(c -> {
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = String.format("page%05d.example", i);
                }
                try (var insert = c.prepareStatement("insert into domains(name, owner) select n, 'admin' from unnest(?) u(n)")) {
                    insert.setObject(1, names);
                    insert.executeUpdate();
                }
                jdbc.update(DomainNameIndex.BUMP);
                return null;
            });
            PanelClient admin = panel.login("admin");
            HttpReply first = admin.get("/domains");
            assertEquals(200, first.status());
            assertTrue(first.body().contains("More than 10,024 domains"), first.body());
            assertTrue(first.body().contains("Page 1 of more than 400"), first.body());
            assertTrue(first.body().contains("/domains?filter=&amp;page=2") || first.body().contains("/domains?filter=&page=2"),
                    "a next page: " + first.body());
            // far enough that the count reaches the end: exact again
            HttpReply last = admin.get("/domains?page=404");
            assertTrue(last.body().contains("10,100 domains"), last.body());
            assertTrue(last.body().contains("Page 404 of 404"), last.body());
            assertFalse(last.body().contains("page=405"), "no page after the last");
        }
    }
}
