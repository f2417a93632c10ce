package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.RelayAddress;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a customer may save as a relay ({@link CheckGuard#admitSaved}): the forms a reviewer found past the first
 * version (hexadecimal IPv4 "names" that Postfix's getaddrinfo reads as 127.0.0.1, names the hosts file makes local,
 * IPv6 forms carrying a private IPv4), and what stays allowed.
 */
class CheckGuardSaveTest {

    private final CheckGuard guard = new CheckGuard(CheckPolicy.defaults());
    private final Requester jane = Requester.customer("jane", true, Set.of());

    /** The reason a customer may not save {@code host}; a host the syntax refuses already counts as refused. */
    private CheckRefusedException.Reason refused(String host, int port) {
        RelayAddress address;
        try {
            address = RelayAddress.parse(host, port);
        } catch (io.smarthost.core.relay.HostSyntaxException e) {
            return CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED; // never saved by anyone
        }
        return assertThrows(CheckRefusedException.class, () -> guard.admitSaved(jane, address), host).reason();
    }

    @Test
    void addressesInsideAndTheirDisguisesAreRefused() {
        for (String host : Set.of("[127.0.0.1]", "[10.1.2.3]", "[169.254.169.254]", "[::1]", "[::ffff:127.0.0.1]",
                "[2002:7f00:1::1]", "[::ffff:0:7f00:1]", "[64:ff9b:1::a00:5]", "[fd00::5]",
                "0x7f000001", "127.0.0.0x1", "0xa000005", "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1",
                "localhost", "LOCALHOST.", "relay.localhost", "localhost.localdomain", "ip6-localhost")) {
            assertEquals(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, refused(host, 25), host);
        }
    }

    @Test
    void publicAddressesAndNamesOnCustomerPortsAreSavedAndOtherPortsAreNot() {
        for (String host : Set.of("[192.0.2.77]", "smtp.sendgrid.net", "[2001:db8::25]", "0x08080808", "relay-0x1.example")) {
            assertDoesNotThrow(() -> guard.admitSaved(jane, RelayAddress.parse(host, 587)), host);
        }
        assertEquals(CheckRefusedException.Reason.PORT_NOT_ALLOWED, refused("smtp.sendgrid.net", 10025));
        assertDoesNotThrow(() -> guard.admitSaved(Requester.admin("root"), RelayAddress.parse("[127.0.0.1]", 10025)),
                "administrators save anything");
    }

    @Test
    void inetAtonReadsNumbersAsTheCLibraryDoes() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), CheckGuard.inetAton("0x7f000001"));
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), CheckGuard.inetAton("127.1"));
        assertEquals(Optional.of(InetAddress.getByName("10.0.0.5")), CheckGuard.inetAton("0xa000005"));
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), CheckGuard.inetAton("0177.0.0.01"));
        assertEquals(Optional.of(InetAddress.getByName("192.168.1.1")), CheckGuard.inetAton("192.168.257"));
        assertEquals(Optional.empty(), CheckGuard.inetAton("256.1.1.1"));
        assertEquals(Optional.empty(), CheckGuard.inetAton("1.2.3.4.5"));
        assertEquals(Optional.empty(), CheckGuard.inetAton("relay.example"));
        assertEquals(Optional.empty(), CheckGuard.inetAton("08.1.1.1"), "8 is no octal digit");
    }

    @Test
    void theHostsFileNamesLocalHosts(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1\tlocalhost\n127.0.1.1\tpanel-host.example panel-host\n"
                + "::1 ip6-localhost ip6-loopback # comment\n192.0.2.9 public.example\nnot-an-address name.example\n");
        Set<String> names = CheckGuard.HostsFile.read(hosts);
        assertEquals(Set.of("localhost", "panel-host.example", "panel-host", "ip6-localhost", "ip6-loopback"), names);
        assertTrue(CheckGuard.HostsFile.read(dir.resolve("none")).isEmpty());
    }
}
