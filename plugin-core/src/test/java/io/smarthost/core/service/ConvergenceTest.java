package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is the desired state: a change is committed with a generation and an intent before the
 * mail server is touched, recorded as applied after it, taken back when the mail server refuses, and
 * re-applied whole (trusting nothing) at the next start or change when it was interrupted.
 */
class ConvergenceTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice");
        host.domains().add("other.org", "bob");
        backend = RecordingMailBackend.full("postfix");
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput relay(String host, String key) {
        return RelayInput.builder().host("[" + host + "]:587").login("apikey", key).build();
    }

    private ApplyJournal.State journal() {
        return ApplyJournal.read(host.store());
    }

    @Test
    void eachAppliedChangeRaisesTheGenerationAndRecordsItAsApplied() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        service.updateDomain("example.com", relay("b.example", "k2"));
        ApplyJournal.State state = journal();
        assertEquals(2, state.generation());
        assertEquals(2, state.applied().generation());
        assertEquals("postfix", state.applied().backend());
        assertFalse(state.behind());
        assertTrue(service.verify().disagreements().stream().noneMatch(d -> d.code().equals("interrupted")
                || d.code().equals("generation")));
    }

    @Test
    void aChangeThatChangesNothingKeepsTheGeneration() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        service.disableDomain("example.com"); // no settings: nothing to apply
        assertEquals(1, journal().generation());
        assertEquals(1, backend.applies().size());
    }

    @Test
    void aStoreThatFailsBeforeTheApplyChangesNothingAnywhere() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        host.store().failCommitWhen(keys -> keys.contains("server"));
        RelayApplyException e = assertThrows(RelayApplyException.class,
                () -> service.updateServer(relay("new.example", "k2"), Confirm.NONE));
        assertEquals("store the settings", e.step());
        assertTrue(e.nothingChanged(), e.reason());
        assertEquals(1, backend.applies().size(), "the mail server was not touched");
        assertEquals("a.example", backend.server().orElseThrow().address().host());
        assertEquals("a.example", service.server().settings().orElseThrow().address().orElseThrow().host());
        assertFalse(journal().behind());
    }

    /**
     * A hostile tester killed the panel whose database a CLI bulk change was using, after the change was saved: the
     * CLI said "nothing was changed", and the next start applied the change. A failure after the store's commit now
     * says the settings were saved.
     */
    @Test
    void aFailureAfterTheStoreCommittedNeverSaysNothingChanged() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        host.actionLog().failWith(new IllegalStateException("action log", new java.sql.SQLException(
                "Connection is broken: \"session closed\"", "08006", 90067)));
        RelayApplyException e = assertThrows(RelayApplyException.class,
                () -> service.updateDomain("example.com", relay("b.example", "k2")));
        host.actionLog().failWith(null);
        assertFalse(e.nothingChanged(), e.reason());
        assertEquals("apply", e.step());
        assertTrue(e.reason().startsWith("the settings were saved, then the settings store failed ("), e.reason());
        assertEquals("b.example", service.domain("example.com").settings().orElseThrow().address().orElseThrow().host(),
                "saved, as the message says");
    }

    /** A commit whose answer was lost may have been made: its outcome is unknown, so not "nothing was changed". */
    @Test
    void aConnectionLostAtTheCommitSaysTheChangeMayHaveBeenSaved() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        host.store().loseCommitAnswerWhen(keys -> keys.contains("server"));
        RelayApplyException e = assertThrows(RelayApplyException.class,
                () -> service.updateServer(relay("new.example", "k2"), Confirm.NONE));
        host.store().loseCommitAnswerWhen(keys -> false);
        assertFalse(e.nothingChanged(), e.reason());
        assertTrue(e.reason().contains("the connection to the settings store was lost"), e.reason());
        assertTrue(e.reason().contains("the change may have been saved"), e.reason());
        // it was: the next change completes it, as an interrupted one
        assertTrue(journal().behind());
        service.updateDomain("other.org", relay("c.example", "k3"));
        assertFalse(journal().behind());
        assertEquals("new.example", backend.server().orElseThrow().address().host());
    }

    @Test
    void aStoreFailureThatIsNoLostConnectionStillSaysNothingChanged() {
        assertTrue(ChangePipeline.connectionLost(new RuntimeException(new java.sql.SQLException("gone", "08003"))));
        assertTrue(ChangePipeline.connectionLost(new java.sql.SQLException("Database is already closed", "90098", 90098)));
        assertFalse(ChangePipeline.connectionLost(new IllegalStateException("No space left on device")));
        assertFalse(ChangePipeline.connectionLost(new java.sql.SQLException("unique", "23505", 23505)));
    }

    /** Regression: the files were committed before the store, and a failure in between was never healed. */
    @Test
    void aStoreThatFailsAfterTheApplyIsHealedByTheNextChange() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        host.store().failCommitWhen(keys -> keys.contains(ApplyJournal.APPLIED));
        RelayApplyException e = assertThrows(RelayApplyException.class,
                () -> service.updateServer(relay("new.example", "k2"), Confirm.NONE));
        assertEquals("record the applied generation", e.step());
        host.store().failCommitWhen(keys -> false);
        assertTrue(journal().intent().isPresent(), "the interruption is on record");
        assertTrue(service.verify().disagreements().stream().anyMatch(d -> d.code().equals("interrupted")));

        service.updateDomain("other.org", relay("c.example", "k3"));
        List<RecordingMailBackend.Apply> applies = backend.applies();
        assertEquals(ChangeSet.recovery(), applies.get(applies.size() - 2).changes(), "recovered first, trusting nothing");
        assertEquals("new.example", backend.server().orElseThrow().address().host(), "the store's state, the new one");
        assertFalse(journal().behind());
        assertTrue(host.actionLog().actions().contains("smarthost.recovered"));
    }

    @Test
    void anInterruptedChangeIsReappliedAtStart() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        // what a kill -9 between "store the settings" and "record the applied generation" leaves
        host.store().failCommitWhen(keys -> keys.contains(ApplyJournal.APPLIED));
        backend.failAt(null);
        assertThrows(RelayApplyException.class, () -> service.updateDomain("example.com", relay("b.example", "k2")));
        host.store().failCommitWhen(keys -> false);
        int before = backend.applies().size();

        assertTrue(service.convergeNow().isPresent());
        assertEquals(before + 1, backend.applies().size());
        assertEquals(ChangeSet.recovery(), backend.applies().get(before).changes());
        assertEquals("b.example", backend.domains().get("example.com").address().host());
        assertFalse(journal().behind());
        assertTrue(service.convergeNow().isEmpty(), "nothing left to do: no second apply");
        assertEquals(before + 1, backend.applies().size());
    }

    /**
     * A domain change with nothing to write for the relays (a domain created, deleted or renamed without a relay)
     * re-applies an interrupted change first: the maps stayed as the interrupted change left them until the next
     * relay change or start (a hostile test killed {@code panel bin domain --rename} after its commit).
     */
    @Test
    void aDomainChangeWithoutRelayReappliesAnInterruptedChangeFirst() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        host.store().failCommitWhen(keys -> keys.contains(ApplyJournal.APPLIED));
        assertThrows(RelayApplyException.class, () -> service.updateDomain("example.com", relay("b.example", "k2")));
        host.store().failCommitWhen(keys -> false);
        assertTrue(journal().behind());
        int before = backend.applies().size();

        SmarthostRuntime.install(host, service);
        SmarthostDomainListener listener = new SmarthostDomainListener(host);
        listener.domainCreated(host.domains().add("new.example", "alice"));
        assertEquals(before + 1, backend.applies().size(), "re-applied, and nothing else to do");
        assertEquals(ChangeSet.recovery(), backend.applies().get(before).changes());
        assertEquals("b.example", backend.domains().get("example.com").address().host());
        assertFalse(journal().behind());
        listener.domainDeleted(host.domains().remove("new.example"));
        assertEquals(before + 1, backend.applies().size(), "nothing behind: one read of the journal, no apply");
    }

    /**
     * Converging when nothing is behind (before every take-over check) takes no cross-process lock, whose round
     * costs the database two commits; an interrupted change is still found and re-applied under the lock.
     */
    @Test
    void convergingWhenNothingIsBehindTakesNoLockAndAnInterruptionStillDoes() {
        service.updateServer(relay("a.example", "k1"), Confirm.NONE);
        int runs = host.store().exclusiveRuns().size();
        assertTrue(service.convergeNow().isEmpty());
        assertEquals(runs, host.store().exclusiveRuns().size(), "nothing behind: no lock round");

        host.store().failCommitWhen(keys -> keys.contains(ApplyJournal.APPLIED));
        assertThrows(RelayApplyException.class, () -> service.updateDomain("example.com", relay("b.example", "k2")));
        host.store().failCommitWhen(keys -> false);
        runs = host.store().exclusiveRuns().size();
        assertTrue(service.convergeNow().isPresent(), "the interrupted change is re-applied");
        assertEquals(runs + 1, host.store().exclusiveRuns().size(), "under the lock");
        assertFalse(journal().behind());
    }

    @Test
    void aRefusedChangeLeavesBothSidesAsTheyWere() {
        service.updateDomain("example.com", relay("b.example", "k2"));
        backend.failAt("postfix check");
        assertThrows(RelayApplyException.class, () -> service.updateDomain("example.com", relay("x.example", "k9")));
        backend.failAt(null);
        assertEquals("b.example", service.domain("example.com").settings().orElseThrow().address().orElseThrow().host());
        assertEquals("k2", service.relayFor(Scope.domain("example.com"), relay("b.example", "")).orElseThrow()
                .credentials().orElseThrow().secret().reveal());
        assertFalse(journal().behind(), "the backend restored its files: nothing to recover");
        int applies = backend.applies().size();
        service.updateDomain("other.org", relay("c.example", "k3"));
        assertEquals(applies + 1, backend.applies().size(), "no recovery apply needed");
    }

    @Test
    void aChangeWithoutABackendLeavesTheMailServerBehindUntilOneIsThere() {
        RecordingMailBackend absent = RecordingMailBackend.full("postfix").detected(false);
        SmarthostService without = new SmarthostService(host, List.of(absent), validator, Clock.systemUTC());
        without.updateServer(relay("a.example", "k1").withEnabled(false), Confirm.NONE); // saved for later
        assertTrue(journal().behind());
        assertTrue(without.verify().disagreements().stream().anyMatch(d -> d.code().equals("generation")));

        assertTrue(service.convergeNow().isPresent(), "a backend appeared: the stored state is applied");
        assertEquals(ChangeSet.recovery(), backend.applies().get(0).changes());
        assertFalse(journal().behind());
    }
}
