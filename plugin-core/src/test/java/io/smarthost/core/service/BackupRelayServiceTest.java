package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackupSupport;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.BackupRelay;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.BackupInput;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup relay through the service: stored, validated, its secrets kept only for the relays they were typed for. */
class BackupRelayServiceTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    static Capabilities postfixLike(BackupSupport backup) {
        return new Capabilities(true, true, true, Set.of(Encryption.values()), true, true, List.of(), backup);
    }

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice");
        backend = new RecordingMailBackend("postfix", postfixLike(new BackupSupport(true, true, true, false)));
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput.Builder primary(String password) {
        return RelayInput.builder().host("[smtp1.example.net]").port("587").login("relay-user", password);
    }

    static BackupInput own(String host, String user, String password) {
        return new BackupInput(host, null, "own", user, password == null ? null : Secret.of(password));
    }

    static BackupInput same(String host) {
        return new BackupInput(host, null, "same", null, null);
    }

    private Optional<Secret> stored(String key) {
        return host.store().inTransaction(tx -> tx.getSecret(key));
    }

    private static List<String> fields(RelayValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void serverBackupWithItsOwnLoginIsStoredWithoutItsSecretAndAppliedWithIt() {
        service.updateServer(primary("pw-1").backup(own("[smtp2.example.net]", "backup-user", "pw-2")).build(),
                Confirm.NONE);

        Relay applied = backend.server().orElseThrow();
        BackupRelay backup = applied.backup().orElseThrow();
        assertEquals("[smtp2.example.net]:587", backup.address().canonical(), "the relay's port when none is given");
        assertEquals("backup-user", backup.credentials(applied).orElseThrow().username());
        assertEquals("pw-2", backup.credentials(applied).orElseThrow().secret().reveal());
        BackupSettings settings = service.server().settings().orElseThrow().backup().orElseThrow();
        assertTrue(settings.ownLogin() && settings.secretSet());
        String json = host.store().inTransaction(tx -> tx.get(StoreKeys.SERVER)).orElseThrow();
        assertFalse(json.contains("pw-2"), json);
        assertTrue(json.contains("smtp2.example.net"), json);
        assertEquals(Optional.of("pw-2"), stored(StoreKeys.SERVER_BACKUP_SECRET).map(Secret::reveal));
    }

    @Test
    void aBlankBackupPasswordKeepsTheStoredOneOnlyForTheSameBackupHostAndUser() {
        service.updateServer(primary("pw-1").backup(own("[smtp2.example.net]", "backup-user", "pw-2")).build(),
                Confirm.NONE);
        service.updateServer(primary(null).backup(own("[smtp2.example.net]", "backup-user", null)).build(), Confirm.NONE);
        assertEquals("pw-2", backend.server().orElseThrow().backup().orElseThrow().ownLogin().orElseThrow()
                .secret().reveal());

        RelayValidationException moved = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary(null).backup(own("[evil.example.org]", "backup-user", null)).build(), Confirm.NONE));
        assertEquals(List.of("backupPassword"), fields(moved));
        assertTrue(moved.errors().get(0).message().contains("backup relay changed"), moved.errors().toString());
        RelayValidationException renamed = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary(null).backup(own("[smtp2.example.net]", "someone-else", null)).build(), Confirm.NONE));
        assertEquals(List.of("backupPassword"), fields(renamed));
    }

    @Test
    void theRelaysStoredPasswordIsNotSentToANewBackupUntilItIsTypedAgain() {
        service.updateServer(primary("pw-1").build(), Confirm.NONE);
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary(null).backup(same("[smtp2.example.net]")).build(), Confirm.NONE));
        assertEquals(List.of("password"), fields(e));

        service.updateServer(primary("pw-1").backup(same("[smtp2.example.net]")).build(), Confirm.NONE);
        Relay applied = backend.server().orElseThrow();
        assertEquals(applied.credentials(), applied.backup().orElseThrow().credentials(applied), "same login");
        // saved with it: later saves of the same backup keep working with a blank password
        service.updateServer(primary(null).backup(same("[smtp2.example.net]")).build(), Confirm.NONE);
        assertTrue(service.relayFor(Scope.SERVER, primary(null).backup(same("[smtp2.example.net]")).build())
                .flatMap(Relay::backup).isPresent());
    }

    @Test
    void aDomainsBackupCannotHaveALoginOfItsOwnOnPostfixAndTheMessageSaysWhy() {
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateDomain(
                "example.com", primary("pw-1").backup(own("[smtp2.example.net]", "u", "p")).build()));
        assertEquals(List.of("backupLogin"), fields(e));
        assertTrue(e.errors().get(0).message().contains("looks a domain's login up by sender"), e.errors().toString());

        service.updateDomain("example.com", primary("pw-1").backup(same("[smtp2.example.net]:2525")).build());
        Relay applied = backend.domains().get("example.com");
        assertEquals("[smtp2.example.net]:2525", applied.backup().orElseThrow().address().canonical());
        assertEquals(Optional.empty(), applied.backup().get().ownLogin());
    }

    @Test
    void refusesABackupThatIsTheRelayItselfAndFieldsThatAreNotValid() {
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary("pw-1").backup(same("[smtp1.example.net]:587")).build(), Confirm.NONE));
        assertEquals(List.of("backupHost"), fields(e));
        RelayValidationException bad = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary("pw-1").backup(new BackupInput("smtp2..example", "99999", "maybe", null, null)).build(),
                Confirm.NONE));
        assertEquals(List.of("backupHost", "backupPort", "backupLogin"), fields(bad));
        RelayValidationException noHost = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary("pw-1").backup(new BackupInput("", "2525", null, null, null)).build(), Confirm.NONE));
        assertEquals(List.of("backupHost"), fields(noHost));
    }

    @Test
    void anInvalidBackupHostWithTheStoredPasswordIsAFieldErrorNotAValidatorCrash() {
        // found by the browser test: the stored-secret rule resolved the input, backup included, and threw (HV000028)
        service.updateServer(primary("pw-1").build(), Confirm.NONE);
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateServer(
                primary(null).backup(same("bad backup host")).build(), Confirm.NONE));
        assertEquals(List.of("backupHost"), fields(e));
    }

    @Test
    void aBackendWithoutBackupRelaysRefusesOneNamingItself() {
        RecordingMailBackend windows = new RecordingMailBackend("mailenable", postfixLike(BackupSupport.none()));
        SmarthostService other = new SmarthostService(new TestHostServices(home.resolve("w")), List.of(windows),
                validator, Clock.systemUTC());
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> other.updateServer(
                primary("pw-1").backup(same("[smtp2.example.net]")).build(), Confirm.NONE));
        assertEquals(List.of("backupHost"), fields(e));
        assertTrue(e.errors().get(0).message().contains("cannot use a backup relay"), e.errors().toString());
    }

    @Test
    void removingTheBackupDeletesItsSecretAndTheBackendGetsNoBackup() {
        service.updateServer(primary("pw-1").backup(own("[smtp2.example.net]", "backup-user", "pw-2")).build(),
                Confirm.NONE);
        service.updateServer(primary(null).build(), Confirm.NONE);
        assertEquals(Optional.empty(), backend.server().orElseThrow().backup());
        assertEquals(Optional.empty(), service.server().settings().orElseThrow().backup());
        assertEquals(Optional.empty(), stored(StoreKeys.SERVER_BACKUP_SECRET));
    }
}
