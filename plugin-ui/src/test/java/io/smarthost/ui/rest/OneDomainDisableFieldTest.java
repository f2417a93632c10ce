package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.host.testing.TestPanel;
import jakarta.ws.rs.WebApplicationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-domain route POST domains/{domain}/disable runs service().disableDomain(name) inside
 * ApiErrors.call; a refusal there (a domain deleted between DomainRest.name() and the change) must answer as the
 * other one-domain routes do (404, field "domain"), not as a bulk list's "domains[0]".
 */
class OneDomainDisableFieldTest {
    @TempDir
    Path home;

    @Test
    void aOneDomainDisableAnswersFieldDomain() {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            SmarthostService service = SmarthostRuntime.service(panel.panel().services("smarthost"));
            WebApplicationException e = assertThrows(WebApplicationException.class,
                    () -> ApiErrors.call(Locale.ROOT, () -> service.disableDomain("nowhere.example")));
            assertEquals(404, e.getResponse().getStatus());
            @SuppressWarnings("unchecked")
            List<ApiErrors.Error> errors = (List<ApiErrors.Error>) ((Map<String, Object>) e.getResponse().getEntity()).get("errors");
            assertEquals("domain", errors.get(0).field(), errors.toString());
        }
    }
}
