package io.smarthost.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.RelayAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderCatalogTest {
    final ProviderCatalog catalog = ProviderCatalog.load(getClass().getClassLoader());

    @Test
    void hasEveryPresetTheIssueNames() {
        assertEquals(List.of("sendgrid", "mailgun-us", "mailgun-eu", "mailjet", "amazon-ses", "postmark", "brevo",
                "google-workspace", "microsoft-365", "smtp2go"), catalog.all().stream().map(Provider::id).toList());
        assertTrue(catalog.isKnown(ProviderCatalog.CUSTOM));
    }

    @Test
    void sendgridUsesTheApikeyUserAndMayBreakForwarding() {
        Provider p = catalog.find("sendgrid").orElseThrow();
        assertEquals(Optional.of("apikey"), p.fixedUsername());
        assertEquals("include:sendgrid.net", p.spfInclude());
        assertTrue(p.forwardingMayBreak());
    }

    @Test
    void sesHostDependsOnTheRegion() {
        Provider ses = catalog.find("amazon-ses").orElseThrow();
        assertEquals("email-smtp.eu-west-1.amazonaws.com", ses.hostFor(Optional.of("eu-west-1")));
        assertThrows(IllegalArgumentException.class, () -> ses.hostFor(Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> ses.hostFor(Optional.of("mars-1")));
        assertEquals("amazon-ses", catalog.byHost("email-smtp.us-east-1.amazonaws.com").orElseThrow().id());
    }

    @Test
    void everyPresetIsAValidRelayWithDocsAndSpf() {
        for (Provider p : catalog.all()) {
            String host = p.hostFor(p.regions().stream().findFirst());
            assertEquals(host, RelayAddress.parse(host, p.port()).host(), p.id());
            assertTrue(p.verificationDocs().startsWith("https://"), p.id());
            assertTrue(p.spfInclude().startsWith("include:"), p.id());
        }
    }
}
