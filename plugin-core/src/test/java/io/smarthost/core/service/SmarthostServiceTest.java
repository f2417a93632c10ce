package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.CheckReports;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmarthostServiceTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice", "example.net");
        host.domains().add("other.org", "bob");
        host.domains().add("xn--bcher-kva.example", "carol");
        backend = RecordingMailBackend.full("postfix");
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput sendgrid(String key) {
        return RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", key).provider("sendgrid").build();
    }

    @Test
    void serverUpdateIsStoredAppliedAndLogged() {
        UpdateResult result = service.updateServer(sendgrid("SG.server"), Confirm.NONE);
        assertTrue(result.report().changed());
        Relay applied = backend.server().orElseThrow();
        assertEquals("[smtp.sendgrid.net]:587", applied.address().canonical());
        assertEquals("SG.server", applied.credentials().orElseThrow().secret().reveal());
        RelayView view = service.server();
        assertTrue(view.secretSet());
        assertEquals(RelayLevel.SERVER, view.effectiveLevel());
        assertEquals("apikey", view.settings().orElseThrow().username());
        assertEquals(List.of("smarthost.server.updated"), host.actionLog().actions());
        assertEquals("[smtp.sendgrid.net]:587", host.actionLog().entries().get(0).details().get("relay"));
        assertEquals("changed", host.actionLog().entries().get(0).details().get("credentials"));
    }

    /**
     * What the backend said of the files reaches the administrators' recent actions: a customer's change is answered
     * without warnings, and a hand edit it wrote over was otherwise told to nobody.
     */
    @Test
    void theBackendsWarningsAreInTheActionLog() {
        backend.warnOnApply(io.smarthost.core.backend.ApplyWarning.of(SmarthostServiceTest.class, "i18n/apply",
                "apply.storedOnly", "main.cf line 46 written over"));
        service.updateServer(sendgrid("SG.server"), Confirm.NONE);
        assertEquals("settings stored only: main.cf line 46 written over",
                host.actionLog().entries().get(0).details().get("warnings"));
    }

    @Test
    void updateWithoutSecretKeepsTheStoredOne() {
        service.updateServer(sendgrid("SG.first"), Confirm.NONE);
        service.updateServer(RelayInput.builder().host("[SMTP.SendGrid.net]").port("587").login("apikey", "")
                .verifyCertificate(false).build(), Confirm.NONE);
        assertEquals("SG.first", backend.server().orElseThrow().credentials().orElseThrow().secret().reveal());
        assertFalse(backend.server().get().verifyCertificate());
        assertEquals("kept", host.actionLog().entries().get(1).details().get("credentials"));
    }

    /** Regression: a blank password kept the stored secret for whatever relay the new input named. */
    @Test
    void blankPasswordForAChangedRelayOrLoginIsRefusedOnPassword() {
        service.updateServer(sendgrid("SG.first"), Confirm.NONE);
        service.updateDomain("other.org", sendgrid("SG.domain"));
        Map<String, String> before = host.store().rawValues();
        int applies = backend.applies().size();
        List<RelayInput> changed = List.of(
                RelayInput.builder().host("[attacker.example]:587").login("apikey", "").build(),
                RelayInput.builder().host("smtp.sendgrid.net:587").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:2525").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:587").encryption("none").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:587").login("someone-else", "").build());
        for (RelayInput in : changed) {
            RelayValidationException e = assertThrows(RelayValidationException.class,
                    () -> service.updateServer(in, Confirm.NONE), in.toString());
            assertEquals(List.of("password"), e.errors().stream().map(x -> x.field()).toList(), in.toString());
            assertTrue(e.errors().get(0).message().contains("type the password again"), e.errors().get(0).message());
            assertThrows(RelayValidationException.class, () -> service.updateDomain("other.org", in), in.toString());
            assertThrows(RelayValidationException.class, () -> service.preview(Scope.SERVER, in), in.toString());
            assertEquals("password", service.validate(Scope.SERVER, in).get(0).field());
        }
        assertThrows(RelayValidationException.class, () -> service.bulkUpdate(List.of("example.com", "other.org"),
                RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", "").build(), Confirm.NONE),
                "example.com has no stored secret: a blank password is not enough");
        assertEquals(before, host.store().rawValues(), "nothing stored");
        assertEquals(applies, backend.applies().size(), "nothing applied");

        service.updateServer(RelayInput.builder().host("[other-relay.example]:587").login("apikey", "typed").build(),
                Confirm.NONE);
        assertEquals("typed", backend.server().orElseThrow().credentials().orElseThrow().secret().reveal());
    }

    @Test
    void turningAuthenticationOffForgetsTheSecret() {
        service.updateServer(sendgrid("SG.first"), Confirm.NONE);
        service.updateServer(RelayInput.builder().host("[relay.example.com]:25").encryption("none").build(), Confirm.NONE);
        assertFalse(service.server().secretSet());
        assertFalse(host.store().rawValues().containsKey(StoreKeys.SERVER_SECRET));
        RelayValidationException e = assertThrows(RelayValidationException.class, () ->
                service.updateServer(RelayInput.builder().host("[relay.example.com]").login("u", null).build(), Confirm.NONE));
        assertEquals("password", e.errors().get(0).field());
    }

    @Test
    void domainWinsOverServerAliasesFollowAndBouncesUseServer() {
        service.updateServer(sendgrid("SG.server"), Confirm.NONE);
        service.updateDomain("example.com", RelayInput.builder().host("smtp.mailgun.org").login("postmaster@mg.example.com",
                "mg-secret").provider("mailgun-us").build());
        EffectiveRelay own = service.effectiveFor("example.com");
        assertEquals(RelayLevel.DOMAIN, own.level());
        assertEquals("smtp.mailgun.org", own.relay().get().address().host());
        EffectiveRelay alias = service.effectiveFor("EXAMPLE.net");
        assertEquals(RelayLevel.DOMAIN, alias.level());
        assertEquals("postmaster@mg.example.com", alias.relay().get().credentials().get().username());
        assertEquals(RelayLevel.SERVER, service.effectiveFor("other.org").level());
        assertEquals(RelayLevel.SERVER, service.effectiveFor("").level(), "bounce");
        assertEquals("smtp.sendgrid.net", service.effectiveFor("").relay().get().address().host());
        assertEquals(Set.of("example.com", "example.net"), backend.domains().keySet());

        service.disableDomain("example.com");
        assertEquals(RelayLevel.SERVER, service.effectiveFor("example.net").level());
        assertEquals(RelayLevel.SERVER, service.domain("example.com").effectiveLevel());
        assertEquals(Set.of(), backend.domains().keySet());
        service.disableServer();
        assertEquals(RelayLevel.DIRECT, service.effectiveFor("other.org").level());
        assertTrue(backend.server().isEmpty());
    }

    @Test
    void backendFailureRollsTheStoreBackAndReportsTheStep() {
        service.updateServer(sendgrid("SG.old"), Confirm.NONE);
        Map<String, String> before = host.store().rawValues();
        backend.failAt("postfix check");
        RelayApplyException e = assertThrows(RelayApplyException.class,
                () -> service.updateServer(sendgrid("SG.new").withEnabled(true), Confirm.NONE));
        assertEquals("postfix check", e.step());
        assertEquals("simulated failure; configuration left as it was", e.reason());
        assertEquals(withoutJournalAndSecrets(before), withoutJournalAndSecrets(host.store().rawValues()),
                "settings put back");
        assertEquals("SG.old", service.relayFor(Scope.SERVER, sendgrid("")).orElseThrow().credentials().orElseThrow()
                .secret().reveal(), "the stored secret is the old one again");
        assertTrue(host.store().get("state.intent").isEmpty(), "nothing left to recover");
        assertEquals(host.store().get("state.generation").orElseThrow(),
                host.store().get("state.applied").map(v -> v.replaceAll(".*\"generation\":(\\d+).*", "$1")).orElseThrow());
        assertEquals("smarthost.server.updated.failed", host.actionLog().actions().get(1));

        assertThrows(RelayApplyException.class, () -> service.updateDomain("other.org", sendgrid("x")));
        assertTrue(service.domain("other.org").settings().isEmpty());
        backend.failAt(null);
        service.updateDomain("other.org", sendgrid("x"));
        assertTrue(service.domain("other.org").settings().isPresent());
    }

    @Test
    void invalidInputChangesNothingAndSpeaksTheUsersLanguage() {
        host.actAs(new RequestContext(new PanelUser("admin", Role.ADMIN, Locale.FRENCH), Optional.empty(),
                RequestContext.Channel.WEB));
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateServer(
                RelayInput.builder().host("smtp.example.com\r\nrelayhost=evil").build(), Confirm.NONE));
        assertEquals("host", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("Hôte"), e.errors().get(0).message());
        assertTrue(host.store().rawValues().isEmpty());
        assertTrue(backend.applies().isEmpty());
        host.actAs(null);
    }

    @Test
    void manualRelayNeedsConfirmationEachTimeItIsWrittenByHandAgain() {
        backend.manualRelay(true);
        ConfirmationRequiredException e = assertThrows(ConfirmationRequiredException.class,
                () -> service.updateServer(sendgrid("k"), Confirm.NONE));
        assertTrue(e.inspection().manualRelay());
        assertTrue(e.preview().orElseThrow().takesOverManual(), "the refusal carries the preview of the change");
        Preview preview = service.preview(Scope.SERVER, sendgrid("k"));
        assertTrue(preview.takesOverManual());
        assertEquals("[smtp.sendgrid.net]:587", preview.lines().get(0).proposed());
        assertTrue(host.store().rawValues().isEmpty(), "preview stores nothing");
        service.updateServer(sendgrid("k"), Confirm.TAKE_OVER_MANUAL);
        service.updateDomain("other.org", sendgrid("k2"));

        backend.manualRelay(true); // edited by hand again after the take-over
        assertThrows(ConfirmationRequiredException.class, () -> service.updateDomain("other.org", sendgrid("k3")));
        assertThrows(ConfirmationRequiredException.class, () -> service.updateServer(RelayInput.disabled(), Confirm.NONE),
                "turning the relay off through an update writes over it too");
        service.updateDomain("other.org", sendgrid("k3"), Confirm.TAKE_OVER_MANUAL);
        service.updateDomain("other.org", sendgrid("k4"));

        backend.manualRelay(true);
        assertThrows(ConfirmationRequiredException.class, () -> service.disableServer(), "a disable writes over it too");
        assertThrows(ConfirmationRequiredException.class, () -> service.disableDomain("other.org"));
        service.disableDomain("other.org", Confirm.TAKE_OVER_MANUAL);
        service.disableDomain("other.org");
    }

    @Test
    void domainLifecycleDeleteRenameAndAliases() {
        service.updateDomain("example.com", sendgrid("k"));
        assertTrue(service.recordCheck(Scope.domain("example.com"), sendgrid("k"), CheckReports.passed(),
                Instant.parse("2025-01-01T00:00:00Z")));

        Domain renamed = host.domains().rename("example.com", "example.io");
        SmarthostRuntime.install(host, service);
        SmarthostDomainListener listener = new SmarthostDomainListener(host);
        listener.domainRenamed(new Domain(renamed.id(), "example.com", "alice", renamed.aliases()), renamed);
        assertTrue(service.domain("example.io").secretSet());
        assertTrue(service.lastCheck(Scope.domain("example.io")).orElseThrow().ok());
        assertFalse(host.store().rawValues().containsKey(StoreKeys.DOMAIN_PREFIX + "example.com"));
        assertEquals(Set.of("example.io", "example.net"), backend.domains().keySet());

        Domain withAlias = host.domains().addAlias("example.io", "example.info");
        listener.aliasAdded(withAlias, "example.info");
        assertEquals(Set.of("example.info", "example.io", "example.net"), backend.domains().keySet());
        Domain without = host.domains().removeAlias("example.io", "example.net");
        listener.aliasRemoved(without, "example.net");
        assertEquals(Set.of("example.info", "example.io"), backend.domains().keySet());

        Domain gone = host.domains().remove("example.io");
        listener.domainDeleted(gone);
        assertEquals(Set.of(), backend.domains().keySet());
        assertTrue(host.store().rawValues().keySet().stream().noneMatch(k -> k.endsWith("example.io")));
    }

    /** A bulk change naming unknown domains names them all (the first ten), not only the first; nothing is saved. */
    @Test
    void aBulkChangeNamesEveryUnknownDomain() {
        UnknownDomainException few = assertThrows(UnknownDomainException.class, () -> service.bulkUpdate(
                List.of("example.com", "nope1.example", "other.org", "nope2.example"), sendgrid("k"), Confirm.NONE));
        assertEquals("domains nope1.example, nope2.example do not exist", few.getMessage());
        List<String> many = new java.util.ArrayList<>(List.of("example.com"));
        for (int i = 0; i < DomainNames.FROM_MEMORY_ABOVE + 1; i++) {
            many.add("nope" + i + ".example");
        }
        UnknownDomainException lots = assertThrows(UnknownDomainException.class,
                () -> service.bulkUpdate(many, sendgrid("k"), Confirm.NONE));
        assertTrue(lots.getMessage().startsWith("domains nope0.example, nope1.example,"), lots.getMessage());
        assertTrue(lots.getMessage().endsWith(" and " + (DomainNames.FROM_MEMORY_ABOVE + 1 - 10) + " more do not exist"),
                lots.getMessage());
        assertEquals("domain nope.example does not exist", assertThrows(UnknownDomainException.class,
                () -> service.bulkUpdate(List.of("example.com", "nope.example"), sendgrid("k"), Confirm.NONE)).getMessage());
        assertTrue(backend.applies().isEmpty(), "nothing applied");
        assertTrue(service.domain("example.com").settings().isEmpty(), "nothing saved");
    }

    @Test
    void bulkSetsManyDomainsInOneApply() {
        UpdateResult r = service.bulkUpdate(List.of("example.com", "other.org", "bücher.example"), sendgrid("k"), Confirm.NONE);
        assertEquals(List.of("example.com", "other.org", "xn--bcher-kva.example"), r.scopes());
        assertEquals(1, backend.applies().size());
        assertEquals(Set.of("example.com", "example.net", "other.org", "xn--bcher-kva.example"),
                backend.applies().get(0).changes().senderDomains());
        service.bulkDisable(List.of("example.com", "other.org"));
        assertEquals(2, backend.applies().size());
        assertEquals(Set.of("xn--bcher-kva.example"), backend.domains().keySet());
    }

    @Test
    void repairAppliesEverythingFromTheStore() {
        service.updateServer(sendgrid("s"), Confirm.NONE);
        service.updateDomain("other.org", sendgrid("o"));
        service.updateDomain("example.com", sendgrid("e"));
        RecordingMailBackend fresh = RecordingMailBackend.full("postfix");
        SmarthostService other = new SmarthostService(host, List.of(fresh), validator, Clock.systemUTC());
        other.repair();
        assertEquals(ChangeSet.recovery(), fresh.applies().get(0).changes(), "repair trusts nothing on the mail server");
        assertEquals(List.of("example.com", "example.net", "other.org"),
                List.copyOf(fresh.applies().get(0).domainsSeen().keySet()), "streamed in name order, aliases merged");
        assertEquals("o", fresh.domains().get("other.org").credentials().get().secret().reveal());
        assertTrue(fresh.server().isPresent());
    }

    @Test
    void listPagesAndFiltersInUnicodeOrAscii() {
        service.bulkUpdate(List.of("example.com", "other.org", "xn--bcher-kva.example"), sendgrid("k"), Confirm.NONE);
        PageResult<DomainRelayRow> page = service.list("", 1, 1);
        assertEquals(3, page.total());
        assertEquals("other.org", page.items().get(0).domain());
        PageResult<DomainRelayRow> found = service.list("bücher", 0, 10);
        assertEquals(1, found.total());
        assertEquals("bücher.example", found.items().get(0).domainDisplay());
        assertEquals(0, service.list("@", 0, 10).total(), "a character no name has matches nothing, as on the panel's list");
        assertEquals(0, service.list("example_", 0, 10).total());
        assertEquals(0, service.list("büch er", 0, 10).total(), "not a part of any name");
        assertEquals(0, service.list("zzz", 0, 10).total());
    }

    @Test
    void recordsTheLastCheck() {
        service.updateServer(sendgrid("k"), Confirm.NONE);
        service.recordCheck(Scope.SERVER, sendgrid(""), CheckReports.authFailed("535 5.7.8 denied"),
                Instant.parse("2025-03-01T10:00:00Z"));
        CheckRecord c = service.lastCheck(Scope.SERVER).orElseThrow();
        assertFalse(c.ok());
        assertEquals("auth.failed", c.code());
    }

    @Test
    void relayForUsesTheStoredSecretForAnUnsavedCheck() {
        service.updateDomain("other.org", sendgrid("stored-key"));
        Relay r = service.relayFor(Scope.domain("other.org"), RelayInput.builder().enabled(false)
                .host("[smtp.sendgrid.net]:587").login("apikey", "").verifyCertificate(false).build()).orElseThrow();
        assertEquals("stored-key", r.credentials().get().secret().reveal());
        assertFalse(r.verifyCertificate());
        assertTrue(service.relayFor(Scope.SERVER, RelayInput.disabled()).isEmpty());
    }

    /** Regression: Check connection with a blank password sent the stored secret to any host the input named. */
    @Test
    void relayForNeverSendsTheStoredSecretToAnotherRelay() {
        service.updateDomain("other.org", sendgrid("stored-key"));
        for (RelayInput in : List.of(
                RelayInput.builder().host("[127.0.0.1]:2525").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:2525").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:587").encryption("none").login("apikey", "").build(),
                RelayInput.builder().host("[smtp.sendgrid.net]:587").login("admin", "").build())) {
            RelayValidationException e = assertThrows(RelayValidationException.class,
                    () -> service.relayFor(Scope.domain("other.org"), in), in.toString());
            assertEquals("password", e.errors().get(0).field());
            assertTrue(e.errors().get(0).message().contains("the relay differs from the saved one"),
                    e.errors().get(0).message());
            assertFalse(e.toString().contains("stored-key"));
        }
        assertThrows(RelayValidationException.class, () -> service.relayFor(Scope.SERVER,
                RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", "").build()),
                "another scope's secret is never borrowed");
        Relay typed = service.relayFor(Scope.domain("other.org"),
                RelayInput.builder().host("[127.0.0.1]:2525").login("apikey", "typed-now").build()).orElseThrow();
        assertEquals("typed-now", typed.credentials().orElseThrow().secret().reveal());
    }

    /**
     * Regression: the backend's file lock was released before the store committed, so the server and
     * a CLI process could interleave. Every change now runs under the store's cross-process apply
     * lock, from its first store write to the record of the applied generation.
     */
    @Test
    void everyChangeRunsUnderTheApplyLock() {
        service.updateServer(sendgrid("s"), Confirm.NONE);
        service.updateDomain("example.com", sendgrid("e"));
        service.bulkUpdate(List.of("other.org"), sendgrid("o"), Confirm.NONE);
        service.disableDomain("example.com");
        service.bulkDisable(List.of("other.org"));
        service.repair();
        Domain renamed = host.domains().rename("example.com", "example.io");
        service.domainRenamed(new Domain(renamed.id(), "example.com", "alice", renamed.aliases()), renamed);
        service.removeDomain("example.io");
        service.disableServer();
        service.removeServer();
        backend.failAt("reload");
        assertThrows(RelayApplyException.class, () -> service.updateServer(sendgrid("x"), Confirm.NONE));
        assertEquals(List.of(), host.store().writesOutsideLock());
        // each of the 11 changes ran under the lock (updates and disables also converge under it first)
        assertTrue(host.store().exclusiveRuns().size() >= 11, host.store().exclusiveRuns().toString());
        assertTrue(host.store().exclusiveRuns().stream().allMatch(StoreKeys.APPLY_LOCK::equals));
        service.recordCheck(Scope.domain("other.org"), sendgrid("o"), CheckReports.passed(), Instant.parse("2025-03-01T10:00:00Z"));
        assertEquals(List.of(StoreKeys.check(Scope.domain("other.org"))), host.store().writesOutsideLock(),
                "a check record touches no mail server");
    }

    private static Map<String, String> withoutJournalAndSecrets(Map<String, String> raw) {
        Map<String, String> out = new java.util.TreeMap<>(raw);
        out.keySet().removeIf(k -> k.startsWith("state.") || StoreKeys.isSecret(k));
        return out;
    }

    @Test
    void unknownDomainsAndAliasesAreRefused() {
        assertThrows(UnknownDomainException.class, () -> service.updateDomain("nope.example", sendgrid("k")));
        UnknownDomainException e = assertThrows(UnknownDomainException.class, () -> service.domain("example.net"));
        assertTrue(e.getMessage().contains("alias of example.com"), e.getMessage());
    }

    @Test
    void longestDomainNameFitsTheStoreKeys() {
        String name = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        host.domains().add(name, "dave");
        service.updateDomain(name, sendgrid("k"));
        assertTrue(service.recordCheck(Scope.domain(name), sendgrid("k"), CheckReports.passed(), Instant.now()));
        assertTrue(service.domain(name).secretSet());
    }

    @Test
    void withoutBackendEnablingIsRefusedButDisablingWorks() {
        backend.detected(false);
        RelayValidationException e = assertThrows(RelayValidationException.class,
                () -> service.updateServer(sendgrid("k"), Confirm.NONE));
        assertEquals("enabled", e.errors().get(0).field());
        assertTrue(service.backendProblem().isPresent());
        service.updateServer(RelayInput.disabled(), Confirm.NONE);
        assertFalse(service.server().settings().orElseThrow().enabled());
    }

    @Test
    void backendLimitsAreEnforcedByTheService() {
        RecordingMailBackend limited = new RecordingMailBackend("mailenable", new Capabilities(true, false, false,
                Set.of(Encryption.STARTTLS), false, false, List.of()));
        SmarthostService s = new SmarthostService(host, List.of(limited), validator, Clock.systemUTC());
        RelayValidationException e = assertThrows(RelayValidationException.class,
                () -> s.updateDomain("other.org", sendgrid("k")));
        assertTrue(e.errors().stream().allMatch(x -> x.message().contains("Mailenable")), e.errors().toString());
    }

    /**
     * An administrator's GET of a domain without a relay asks whether a relay was set by hand; it waited for the
     * apply lock, so for the whole of a running bulk change (a review). It now answers the last look meanwhile.
     */
    @Test
    void whetherARelayWasSetByHandIsAnsweredWhileAChangeRunsWithoutWaitingForIt() throws Exception {
        backend.manualRelay(true);
        assertEquals("manual.example.net", service.relaySetByHand().orElseThrow().host());
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        backend.holdNextApply(entered, release);
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var change = other.submit(() -> service.updateDomain("other.org", sendgrid("k"), Confirm.TAKE_OVER_MANUAL));
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "the change is being applied");
            var answer = java.util.concurrent.CompletableFuture.supplyAsync(service::relaySetByHand);
            assertEquals("manual.example.net", answer.get(2, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().host(),
                    "the last look, at once");
            release.countDown();
            change.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }
}
