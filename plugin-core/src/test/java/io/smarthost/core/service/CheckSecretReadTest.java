package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.testkit.TestHostServices;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection check with a blank password reuses the stored one only for the saved relay and login: the
 * settings it compared and the secret it takes are the same save's. A save of another relay and password
 * landing between the two reads (an admin in a second tab, the CLI) made the check send the new relay's
 * password to the old relay.
 */
class CheckSecretReadTest {

    @TempDir
    Path home;

    @Test
    void aSaveBetweenTheSettingsAndTheSecretIsNotMixed() {
        TestHostServices real = new TestHostServices(home);
        real.domains().add("example.com", "alice");
        AtomicReference<Runnable> beforeNextTransaction = new AtomicReference<>();
        SettingsStore store = (SettingsStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SettingsStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("inTransaction")) {
                        Runnable hook = beforeNextTransaction.getAndSet(null);
                        if (hook != null) {
                            hook.run(); // another save, committed right before this transaction
                        }
                    }
                    try {
                        return method.invoke(real.store(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        HostServices host = (HostServices) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HostServices.class}, (proxy, method, args) -> {
                    if (method.getName().equals("store")) {
                        return store;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SmarthostService service = FixedClockService.of(host, RecordingMailBackend.full("postfix"), TestValidator.get());
        service.updateDomain("example.com", relay("old.example", "old-password"));

        // no save in between: the stored password of the saved relay
        Relay same = service.relayFor(Scope.domain("example.com"), relay("old.example", "")).orElseThrow();
        assertEquals("old-password", same.credentials().orElseThrow().secret().reveal());

        // a save of another relay and password lands after the check compared the settings
        beforeNextTransaction.set(() -> service.updateDomain("example.com", relay("new.example", "new-password")));
        RelayValidationException e = assertThrows(RelayValidationException.class,
                () -> service.relayFor(Scope.domain("example.com"), relay("old.example", "")));
        assertTrue(e.errors().stream().anyMatch(f -> f.field().equals("password")),
                "the relay is no longer the saved one: the password must be typed: " + e.errors());
        Relay now = service.relayFor(Scope.domain("example.com"), relay("new.example", "")).orElseThrow();
        assertEquals("new-password", now.credentials().orElseThrow().secret().reveal());
    }

    private static RelayInput relay(String host, String password) {
        return RelayInput.builder().host("[" + host + "]:587").login("user", password).build();
    }
}
