package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackupSupport;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.BackupInput;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.testkit.MovableClock;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile tester: saving the settings already stored, or removing a relay that is not there, answered "saved",
 * moved the Updated time, wrote an action-log entry and ran an apply. Such a change now writes nothing, applies
 * nothing, logs nothing and says so ({@link UpdateResult#settingsChanged()} false), unless the mail server has to be
 * brought back in line with the store.
 */
class NoOpChangesTest {
    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    MovableClock clock;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice", "example.net");
        host.domains().add("other.org", "bob");
        backend = new RecordingMailBackend("postfix", new Capabilities(true, true, true, Set.of(Encryption.values()),
                true, true, List.of()).withSenderRelay(true).withBackup(new BackupSupport(true, true, true, false)));
        clock = new MovableClock(Instant.parse("2025-01-02T03:04:05Z"));
        service = new SmarthostService(host, List.of(backend), TestValidator.get(), clock);
    }

    static RelayInput relay(String password) {
        return RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", password).provider("sendgrid")
                .backup(new BackupInput("backup.sendgrid.net", "2525", "same", null, null)).build();
    }

    /** What a change must leave alone when it changes nothing: the store, the mail server, the action log. */
    private record Before(Map<String, String> store, int applies, List<String> actions) {
    }

    private Before before() {
        clock.now = clock.now.plus(Duration.ofHours(1)); // a save now would show another Updated time
        return new Before(host.store().rawValues(), backend.applies().size(), host.actionLog().actions());
    }

    /** The store without the journal's two rows (an apply's generation). */
    private static Map<String, String> settingsOf(Map<String, String> store) {
        Map<String, String> settings = new java.util.TreeMap<>(store);
        settings.keySet().removeIf(k -> k.equals("state.generation") || k.equals("state.applied"));
        return settings;
    }

    /** A removal of nothing, a disable of a relay that is off: no scope to apply, nothing at all. */
    private void assertNothingDone(Before before, Supplier<UpdateResult> change) {
        UpdateResult r = change.get();
        assertFalse(r.settingsChanged(), "the answer says nothing changed");
        assertTrue(r.nothingChanged());
        assertEquals(before.store(), host.store().rawValues(), "nothing written (no Updated time, no generation)");
        assertEquals(before.applies(), backend.applies().size(), "no apply");
        assertEquals(before.actions(), host.actionLog().actions(), "no action-log entry");
    }

    private void assertNothingChanged(Before before, Supplier<UpdateResult> change) {
        int applies = backend.applies().size();
        UpdateResult r = change.get();
        assertFalse(r.settingsChanged(), "the answer says nothing changed");
        assertTrue(r.nothingChanged());
        assertFalse(r.report().changed());
        assertEquals(settingsOf(before.store()), settingsOf(host.store().rawValues()), "no settings written (no Updated time)");
        // the scope is applied all the same: the backend compares and writes nothing when it is in line (a CLI's
        // same-settings save left a hand-edited map line that REST repaired: a hostile tester), under a generation
        // of its own so that an apply killed half-way is finished at the next start
        assertEquals(applies + 1, backend.applies().size(), "the scope compared by the backend");
        assertFalse(ApplyJournal.read(host.store()).behind(), "the journal in line");
        assertEquals(before.actions(), host.actionLog().actions(), "no action-log entry");
    }

    @Test
    void savingTheServersStoredSettingsAgainChangesNothing() {
        UpdateResult first = service.updateServer(relay("SG.key"), Confirm.NONE);
        assertTrue(first.settingsChanged());
        Instant updated = service.server().settings().orElseThrow().updated();
        Before before = before();
        // a blank password keeps the stored one: the same settings
        assertNothingChanged(before, () -> service.updateServer(relay(""), Confirm.NONE));
        assertEquals(updated, service.server().settings().orElseThrow().updated());
    }

    @Test
    void savingADomainsStoredSettingsAgainChangesNothing() {
        service.updateDomain("example.com", relay("SG.key"));
        Before before = before();
        assertNothingChanged(before, () -> service.updateDomain("example.com", relay("")));
        assertNothingChanged(before, () -> service.updateDomain("example.com", relay(""), Confirm.TAKE_OVER_MANUAL));

        // one value changed: saved, applied and logged as before
        int applies = backend.applies().size();
        UpdateResult changed = service.updateDomain("example.com", RelayInput.builder().host("[smtp.sendgrid.net]:587")
                .login("apikey", "").provider("sendgrid").build());
        assertTrue(changed.settingsChanged());
        assertEquals(applies + 1, backend.applies().size());
        assertEquals(clock.now, service.domain("example.com").settings().orElseThrow().updated());
    }

    /** Many domains given the same relay in one change share a record: saving one of them again stays a no-op. */
    @Test
    void savingTheStoredSettingsOfADomainOfABulkChangeChangesNothing() {
        RelayInput noLogin = RelayInput.builder().host("[relay.example]:25").encryption("none").build();
        service.bulkUpdate(List.of("example.com", "other.org"), noLogin, Confirm.NONE);
        Before before = before();
        assertNothingChanged(before, () -> service.updateDomain("other.org", noLogin));
    }

    @Test
    void savingAnAddresssStoredSettingsAgainChangesNothing() {
        RelayInput own = RelayInput.builder().host("[alice.example]:2525").login("alice", "pw").build();
        service.updateSender("example.com", "alice@example.com", own, Confirm.NONE);
        Before before = before();
        assertNothingChanged(before, () -> service.updateSender("example.com", "alice@example.com",
                RelayInput.builder().host("[alice.example]:2525").login("alice", "").build(), Confirm.NONE));
    }

    /**
     * A typed password counts as a change even when it is the stored one: answering "nothing changed" would tell
     * whoever may save whether a password they typed is the stored secret.
     */
    @Test
    void aTypedPasswordIsAChangeEvenWhenItIsTheStoredOne() {
        service.updateServer(relay("SG.key"), Confirm.NONE);
        int applies = backend.applies().size();
        UpdateResult again = service.updateServer(relay("SG.key"), Confirm.NONE);
        assertTrue(again.settingsChanged());
        assertEquals(applies + 1, backend.applies().size());
    }

    @Test
    void removingWhatIsNotThereChangesNothing() {
        service.updateServer(relay("SG.key"), Confirm.NONE);
        service.updateSender("example.com", "alice@example.com",
                RelayInput.builder().host("[alice.example]:2525").build(), Confirm.NONE);
        Before before = before();
        assertNothingDone(before, () -> service.removeDomain("other.org"));
        assertNothingDone(before, () -> service.removeDomain("example.com")); // its addresses' relays are not its own
        assertNothingDone(before, () -> service.removeSender("example.com", "bob@example.com"));

        service.removeSender("example.com", "alice@example.com");
        service.removeServer();
        Before after = before();
        assertNothingDone(after, () -> service.removeSender("example.com", "alice@example.com"));
        assertNothingDone(after, service::removeServer);
        // an address of another domain is still refused, not taken for "nothing to remove"
        assertThrows(RelayValidationException.class, () -> service.removeSender("example.com", "bob@other.org"));
    }

    @Test
    void turningOffARelayThatIsOffChangesNothing() {
        service.updateDomain("example.com", RelayInput.builder().enabled(false).host("[relay.example]:25").build());
        Before before = before();
        assertNothingDone(before, () -> service.disableDomain("example.com"));
        assertNothingDone(before, () -> service.disableServer());
    }

    /**
     * Saving the stored settings while the mail server does not follow the store (here a relay set up by hand, the
     * take-over confirmed) still applies them, as a save always did: a no-op never hides a needed repair. The
     * settings and their Updated time stay as they were, and the answer says so.
     */
    @Test
    void savingTheStoredSettingsStillBringsADriftedMailServerBackInLine() {
        service.updateServer(relay("SG.key"), Confirm.NONE);
        Instant updated = service.server().settings().orElseThrow().updated();
        backend.manualRelay(true);
        before();
        assertThrows(ConfirmationRequiredException.class, () -> service.updateServer(relay(""), Confirm.NONE));
        int applies = backend.applies().size();

        UpdateResult r = service.updateServer(relay(""), Confirm.TAKE_OVER_MANUAL);
        assertFalse(r.settingsChanged());
        assertEquals(applies + 1, backend.applies().size(), "applied: the hand-made relay is written over");
        assertEquals(ChangeSet.serverOnly(), backend.applies().get(applies).changes());
        assertEquals(updated, service.server().settings().orElseThrow().updated(), "the settings were not saved again");
        assertEquals("smarthost.server.updated", host.actionLog().actions().get(host.actionLog().actions().size() - 1),
                "an apply is logged");
    }

    /** A change interrupted after its commit is finished by a no-op save (step 1 of every change), then nothing. */
    @Test
    void aNoOpSaveStillFinishesAnInterruptedChange() {
        service.updateServer(relay("SG.key"), Confirm.NONE);
        host.store().failCommitWhen(keys -> keys.contains(ApplyJournal.APPLIED));
        assertThrows(RelayApplyException.class, () -> service.updateDomain("example.com", relay("SG.domain")));
        host.store().failCommitWhen(keys -> false);
        assertTrue(ApplyJournal.read(host.store()).behind());
        int applies = backend.applies().size();

        UpdateResult r = service.updateServer(relay(""), Confirm.NONE);
        assertFalse(r.settingsChanged());
        assertEquals(applies + 2, backend.applies().size(), "the recovery, then the scope compared");
        // the answer is the recovery's (a hostile tester's same-settings save after a kill -9 rewrote relayhost and
        // answered "changed": false, with no step)
        assertEquals("recorded " + ChangeSet.recovery(), r.report().steps().get(0), "the recovery's steps first");
        assertEquals(ChangeSet.recovery(), backend.applies().get(applies).changes());
        assertFalse(ApplyJournal.read(host.store()).behind());
        assertEquals("smarthost.recovered", host.actionLog().actions().get(host.actionLog().actions().size() - 1));
    }
}
