package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-sender relays: validation, limits, precedence, what the desired state hands the backend, the life cycle. */
class SenderRelaysTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    static Capabilities postfixLike(boolean senders) {
        return new Capabilities(true, true, true, Set.of(Encryption.values()), true, true, List.of()).withSenderRelay(senders);
    }

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice", "example.net");
        host.domains().add("other.org", "bob");
        backend = new RecordingMailBackend("postfix", postfixLike(true));
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput relay(String host, String user, String secret) {
        return RelayInput.builder().host(host).login(user, secret).build();
    }

    Map<String, Relay> desiredSenders() {
        return host.store().inTransaction(tx -> {
            Map<String, Relay> out = new TreeMap<>();
            new StoreDesiredState(tx, host.domains()).forEachSender(out::put);
            return out;
        });
    }

    @Test
    void anAddressRelayIsStoredSealedAppliedAndLoggedWithoutItsSecret() {
        UpdateResult r = service.updateSender("example.com", "Alice@Example.com", relay("[relay-a.example]:2525", "alice-login", "s3cret-A"),
                Confirm.NONE);
        assertEquals(List.of("alice@example.com"), r.scopes());
        assertEquals(Set.of("alice@example.com"), backend.applies().get(0).changes().senderDomains());
        Relay applied = desiredSenders().get("alice@example.com");
        assertEquals("alice-login", applied.credentials().orElseThrow().username());
        assertEquals("s3cret-A", applied.credentials().orElseThrow().secret().reveal());
        assertEquals("relay-a.example", applied.address().host());
        // the secret is sealed in the store, never in the settings row nor in the action log
        assertTrue(host.store().rawValues().values().stream().noneMatch(v -> v.contains("s3cret-A")));
        assertTrue(host.actionLog().entries().stream().noneMatch(e -> e.toString().contains("s3cret-A")));
        assertTrue(host.actionLog().entries().stream().anyMatch(e -> e.toString().contains("smarthost.sender.updated")));
        SenderRelayRow row = service.senders("example.com").get(0);
        assertEquals("alice@example.com", row.address().address());
        assertTrue(row.settings().secretSet());
        assertTrue(service.sender("example.com", "alice@example.com").isPresent());
    }

    @Test
    void aBlankPasswordKeepsTheSecretOnlyForTheSameRelayAndLogin() {
        service.updateSender("example.com", "alice@example.com", relay("[relay-a.example]:2525", "alice-login", "s3cret-A"), Confirm.NONE);
        service.updateSender("example.com", "alice@example.com", RelayInput.builder().host("[relay-a.example]:2525")
                .authentication(true).username("alice-login").build(), Confirm.NONE);
        assertEquals("s3cret-A", desiredSenders().get("alice@example.com").credentials().orElseThrow().secret().reveal());
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateSender("example.com",
                "alice@example.com", RelayInput.builder().host("[elsewhere.example]:2525").authentication(true)
                        .username("alice-login").build(), Confirm.NONE));
        assertEquals("password", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("alice@example.com: "), e.errors().get(0).message());
    }

    @Test
    void anAddressMustBelongToTheDomainItIsGivenUnder() {
        RelayValidationException other = assertThrows(RelayValidationException.class, () -> service.updateSender(
                "example.com", "bob@other.org", relay("[r.example]:25", "u", "p"), Confirm.NONE));
        assertEquals("address", other.errors().get(0).field());
        assertTrue(other.errors().get(0).message().contains("example.com"), other.errors().get(0).message());
        RelayValidationException alias = assertThrows(RelayValidationException.class, () -> service.updateSender(
                "example.com", "alice@example.net", relay("[r.example]:25", "u", "p"), Confirm.NONE));
        assertTrue(alias.errors().get(0).message().contains("alias of example.com"), alias.errors().get(0).message());
        assertThrows(UnknownDomainException.class, () -> service.updateSender("nowhere.example", "a@nowhere.example",
                relay("[r.example]:25", "u", "p"), Confirm.NONE));
        assertTrue(backend.applies().isEmpty());
        assertTrue(host.store().rawValues().isEmpty());
    }

    @Test
    void badAddressesAndBadRelaysAreRefusedInTheUsersLanguageAndChangeNothing() {
        host.actAs(new RequestContext(new PanelUser("alice", Role.CUSTOMER, Locale.FRENCH), Optional.empty(),
                RequestContext.Channel.WEB));
        try {
            RelayValidationException bad = assertThrows(RelayValidationException.class, () -> service.updateSender(
                    "example.com", "al ice@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE));
            assertEquals("address", bad.errors().get(0).field());
            assertTrue(bad.errors().get(0).message().startsWith("Adresse\u202f:"), bad.errors().get(0).message());
            RelayValidationException host1 = assertThrows(RelayValidationException.class, () -> service.updateSender(
                    "example.com", "alice@example.com", relay("r.example\nrelayhost=evil", "u", "p"), Confirm.NONE));
            assertEquals("host", host1.errors().get(0).field());
            assertTrue(host1.errors().get(0).message().startsWith("alice@example.com: Hôte"), host1.errors().get(0).message());
        } finally {
            host.actAs(null);
        }
        assertTrue(backend.applies().isEmpty());
        assertTrue(host.store().rawValues().isEmpty());
    }

    @Test
    void theCountPerDomainIsLimitedByPanelIni() {
        host.ini().set("mail", "smarthost.sender.max_per_domain", "2");
        service.updateSender("example.com", "a@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE);
        service.updateSender("example.com", "b@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE);
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateSender(
                "example.com", "c@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE));
        assertTrue(e.errors().get(0).message().contains("smarthost.sender.max_per_domain"), e.errors().get(0).message());
        // changing one that exists is not a new one; another domain has its own count
        service.updateSender("example.com", "b@example.com", relay("[r2.example]:25", "u", "p"), Confirm.NONE);
        service.updateSender("other.org", "c@other.org", relay("[r.example]:25", "u", "p"), Confirm.NONE);
        assertEquals(List.of("a@example.com", "b@example.com"),
                service.senders("example.com").stream().map(r -> r.address().address()).toList());
    }

    @Test
    void aBackendThatCannotRouteBySenderRefusesIt() {
        RecordingMailBackend windows = new RecordingMailBackend("smartermail", postfixLike(false));
        SmarthostService s = new SmarthostService(host, List.of(windows), validator, Clock.systemUTC());
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> s.updateSender("example.com",
                "alice@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE));
        assertEquals("address", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("Smartermail"), e.errors().get(0).message());
        assertTrue(windows.applies().isEmpty());
    }

    @Test
    void precedenceIsAddressThenDomainThenAliasDomainThenServerThenDirect() {
        assertEquals(SenderLookup.Source.DIRECT, service.whichRelay("alice@example.com").source());
        service.updateServer(RelayInput.builder().host("[server.example]:587").build(), Confirm.NONE);
        SenderLookup server = service.whichRelay("alice@example.com");
        assertEquals(SenderLookup.Source.SERVER, server.source());
        assertEquals("[server.example]:587", server.settings().orElseThrow().relayDisplay());
        assertEquals(SenderLookup.Source.SERVER, service.whichRelay("someone@unknown.example").source());

        service.updateDomain("example.com", RelayInput.builder().host("[domain.example]:587").build(), Confirm.NONE);
        SenderLookup domain = service.whichRelay("alice@example.com");
        assertEquals(SenderLookup.Source.DOMAIN, domain.source());
        assertEquals("example.com", domain.decidedBy());
        SenderLookup alias = service.whichRelay("alice@example.net");
        assertEquals(SenderLookup.Source.ALIAS_DOMAIN, alias.source());
        assertEquals("example.com", alias.decidedBy());

        service.updateSender("example.com", "alice@example.com", relay("[alice.example]:2525", "a", "p"), Confirm.NONE);
        SenderLookup own = service.whichRelay("ALICE@example.com");
        assertEquals(SenderLookup.Source.ADDRESS, own.source());
        assertEquals("alice@example.com", own.decidedBy());
        assertEquals("[alice.example]:2525", own.settings().orElseThrow().relayDisplay());
        // another address of the domain and the same local part at the alias follow the domain
        assertEquals(SenderLookup.Source.DOMAIN, service.whichRelay("bob@example.com").source());
        assertEquals(SenderLookup.Source.ALIAS_DOMAIN, service.whichRelay("alice@example.net").source());
        // what the delivery figures count apart from the domain's relay: the same answer
        assertEquals(Set.of("alice@example.com"), service.sendersWithOwnRelay("example.com"));
        assertEquals(Set.of(), service.sendersWithOwnRelay("example.net"));

        // a disabled address relay no longer decides
        service.updateSender("example.com", "alice@example.com", RelayInput.builder().enabled(false)
                .host("[alice.example]:2525").build(), Confirm.NONE);
        assertEquals(SenderLookup.Source.DOMAIN, service.whichRelay("alice@example.com").source());
        assertFalse(desiredSenders().containsKey("alice@example.com"));
        assertEquals(Set.of(), service.sendersWithOwnRelay("example.com"), "its mail counts for the domain again");
        service.removeDomain("example.com");
        assertEquals(SenderLookup.Source.SERVER, service.whichRelay("alice@example.com").source());
        assertThrows(RelayValidationException.class, () -> service.whichRelay("not an address"));
    }

    /**
     * A hostile tester: with Postfix's {@code recipient_delimiter = +}, mail from {@code alice+tag@example.com} left
     * through alice's own relay (Postfix looks {@code alice+tag@}, then {@code alice@}, then {@code @example.com} up),
     * while which-relay said "the relay of example.com". It follows the mail server's delimiters now; without any
     * (Postfix's default) the extension is part of the address and the domain decides.
     */
    @Test
    void anAddressWithAnExtensionTakesTheRelayOfTheAddressWithoutIt() {
        service.updateDomain("example.com", RelayInput.builder().host("[domain.example]:587").build(), Confirm.NONE);
        service.updateSender("example.com", "alice@example.com", relay("[alice.example]:2525", "a", "p"), Confirm.NONE);
        assertEquals(SenderLookup.Source.DOMAIN, service.whichRelay("alice+tag@example.com").source(),
                "no delimiter (Postfix's default): alice+tag is an address of its own");

        backend.addressExtensions(io.smarthost.core.backend.AddressExtensions.of("+-"));
        SenderLookup tagged = service.whichRelay("Alice+Tag@example.com");
        assertEquals(SenderLookup.Source.ADDRESS, tagged.source());
        assertEquals("alice@example.com", tagged.decidedBy());
        assertEquals("alice+tag@example.com", tagged.address().address());
        assertEquals("[alice.example]:2525", tagged.settings().orElseThrow().relayDisplay());
        assertEquals("alice@example.com", service.whichRelay("alice-news+x@example.com").decidedBy(), "the first delimiter");
        assertEquals(SenderLookup.Source.DOMAIN, service.whichRelay("bob+tag@example.com").source());
        assertEquals(SenderLookup.Source.ALIAS_DOMAIN, service.whichRelay("alice+tag@example.net").source(),
                "an alias's addresses have no relay of their own");

        // an address with the extension in its own name is looked up first, as Postfix does
        service.updateSender("example.com", "alice+tag@example.com", relay("[tag.example]:2525", "t", "p"), Confirm.NONE);
        assertEquals("alice+tag@example.com", service.whichRelay("alice+tag@example.com").decidedBy());
        // alice's relay turned off: alice+news follows the domain again
        service.updateSender("example.com", "alice@example.com", RelayInput.builder().enabled(false)
                .host("[alice.example]:2525").build(), Confirm.NONE);
        assertEquals(SenderLookup.Source.DOMAIN, service.whichRelay("alice+news@example.com").source());
    }

    @Test
    void removingAnAddressAppliesItsRemoval() {
        service.updateSender("example.com", "alice@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE);
        service.removeSender("example.com", "alice@example.com");
        assertEquals(Set.of("alice@example.com"), backend.applies().get(1).changes().senderDomains());
        assertTrue(service.senders("example.com").isEmpty());
        assertTrue(host.store().rawValues().keySet().stream().noneMatch(k -> k.startsWith("&") || k.startsWith("*")),
                host.store().rawValues().keySet().toString());
        int applies = backend.applies().size();
        // removed already: nothing to remove, said so (it was an UnknownDomainException, a 404 of the REST API)
        assertFalse(service.removeSender("example.com", "alice@example.com").settingsChanged());
        assertEquals(applies, backend.applies().size());
    }

    @Test
    void addressesFollowTheirDomainsRenameAndDeletion() {
        service.updateSender("example.com", "alice@example.com", relay("[r.example]:25", "u", "p"), Confirm.NONE);
        var before = host.domains().find("example.com").orElseThrow();
        host.domains().rename("example.com", "example.org");
        service.domainRenamed(before, host.domains().find("example.org").orElseThrow());
        assertEquals(List.of("alice@example.org"), new ArrayList<>(desiredSenders().keySet()));
        assertEquals("p", desiredSenders().get("alice@example.org").credentials().orElseThrow().secret().reveal());
        assertTrue(backend.applies().get(backend.applies().size() - 1).changes().senderDomains()
                .containsAll(Set.of("alice@example.com", "alice@example.org")));
        var gone = host.domains().find("example.org").orElseThrow();
        host.domains().remove("example.org");
        service.domainDeleted(gone);
        assertTrue(desiredSenders().isEmpty());
        assertTrue(host.store().rawValues().keySet().stream().noneMatch(k -> k.startsWith("&") || k.startsWith("*")),
                host.store().rawValues().keySet().toString());
    }

    /** A deleted domain's sender relays left under its name (the plugin was off) never pass to a domain renamed onto it. */
    @Test
    void aRenameOntoANameWithLeftoverAddressesDropsThem() {
        host.domains().add("example.org", "bob");
        service.updateSender("example.org", "bob@example.org", relay("[left.example]:25", "left", "left-pw"), Confirm.NONE);
        host.domains().remove("example.org"); // no event: the rows stay
        var before = host.domains().find("other.org").orElseThrow();
        host.domains().rename("other.org", "example.org");
        service.domainRenamed(before, host.domains().find("example.org").orElseThrow());
        assertTrue(desiredSenders().isEmpty(), desiredSenders().toString());
        assertTrue(host.store().rawValues().keySet().stream().noneMatch(k -> k.startsWith("&") || k.startsWith("*")),
                host.store().rawValues().keySet().toString());
        assertTrue(backend.applies().get(backend.applies().size() - 1).changes().senderDomains().contains("bob@example.org"),
                "the mail server drops the address's entries");
    }
}
