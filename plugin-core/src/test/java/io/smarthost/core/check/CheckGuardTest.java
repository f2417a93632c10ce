package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.testkit.MovableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckGuardTest {
    private static final RelayAddress SENDGRID = new RelayAddress("smtp.sendgrid.net", HostKind.DNS_NAME, 587, false);


    @Test
    void internalAddressesAreRecognised() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "255.255.255.255", "224.0.0.1",
                "::1", "::", "fe80::1", "fd00::1", "fc00::5", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1"}) {
            assertTrue(CheckGuard.isInternal(InetAddress.getByName(internal)), internal);
        }
        for (String external : new String[] {"1.1.1.1", "172.32.0.1", "100.128.0.1", "167.89.115.1", "2606:4700::1111"}) {
            assertFalse(CheckGuard.isInternal(InetAddress.getByName(external)), external);
        }
    }

    @Test
    void adminsMayCheckAnything() {
        CheckGuard guard = new CheckGuard(CheckPolicy.defaults());
        assertDoesNotThrow(() -> guard.admit(Requester.admin("root"),
                new RelayAddress("127.0.0.1", HostKind.IPV4, 10025, false)));
    }

    @Test
    void customersAreLimitedToStandardAndAllowedPorts() {
        CheckGuard guard = new CheckGuard(CheckPolicy.defaults().withCustomerLimits(Set.of(2526), true, 100));
        Requester jane = Requester.customer("jane", true, Set.of(10587));
        for (int port : new int[] {25, 465, 587, 2525, 2526, 10587}) {
            assertDoesNotThrow(() -> guard.admit(jane, new RelayAddress("smtp.example.com", HostKind.DNS_NAME, port, false)));
        }
        CheckRefusedException e = assertThrows(CheckRefusedException.class,
                () -> guard.admit(jane, new RelayAddress("smtp.example.com", HostKind.DNS_NAME, 22, false)));
        assertEquals(CheckRefusedException.Reason.PORT_NOT_ALLOWED, e.reason());
        assertTrue(e.getMessage().contains("Port 22"), e.getMessage());
        assertTrue(e.getMessage().contains("25, 465, 587, 2525, 2526, 10587"), e.getMessage());
    }

    @Test
    void customersWithoutTheFeatureAreRefused() {
        CheckGuard guard = new CheckGuard(CheckPolicy.defaults());
        CheckRefusedException e = assertThrows(CheckRefusedException.class,
                () -> guard.admit(Requester.customer("jane", false, Set.of()), SENDGRID));
        assertEquals(CheckRefusedException.Reason.FEATURE_DISABLED, e.reason());
        CheckGuard off = new CheckGuard(CheckPolicy.defaults().withCustomerLimits(Set.of(), false, 5));
        assertEquals(CheckRefusedException.Reason.FEATURE_DISABLED, assertThrows(CheckRefusedException.class,
                () -> off.admit(Requester.customer("jane", true, Set.of()), SENDGRID)).reason());
    }

    @Test
    void customersArePrivateAddressLiteralsRefused() {
        CheckGuard guard = new CheckGuard(CheckPolicy.defaults());
        Requester jane = Requester.customer("jane", true, Set.of());
        for (String host : new String[] {"127.0.0.1", "192.168.0.10", "::1"}) {
            HostKind kind = host.contains(":") ? HostKind.IPV6 : HostKind.IPV4;
            CheckRefusedException e = assertThrows(CheckRefusedException.class,
                    () -> guard.admit(jane, new RelayAddress(host, kind, 587, false)));
            assertEquals(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, e.reason(), host);
        }
    }

    @Test
    void customersAreRateLimitedPerLogin() {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        CheckGuard guard = new CheckGuard(CheckPolicy.defaults().withCustomerLimits(Set.of(), true, 3), clock);
        Requester jane = Requester.customer("jane", true, Set.of());
        for (int i = 0; i < 3; i++) {
            guard.admit(jane, SENDGRID);
        }
        CheckRefusedException e = assertThrows(CheckRefusedException.class, () -> guard.admit(jane, SENDGRID));
        assertEquals(CheckRefusedException.Reason.RATE_LIMITED, e.reason());
        assertTrue(e.message(Locale.FRENCH).contains("Réessayez dans 60 s"), e.message(Locale.FRENCH));
        assertDoesNotThrow(() -> guard.admit(Requester.customer("john", true, Set.of()), SENDGRID), "per login");
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertDoesNotThrow(() -> guard.admit(jane, SENDGRID), "the window slides");
        for (int i = 0; i < 10; i++) {
            guard.admit(Requester.admin("root"), SENDGRID);
        }
    }
}
