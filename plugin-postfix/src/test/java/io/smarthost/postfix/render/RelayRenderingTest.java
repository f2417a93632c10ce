package io.smarthost.postfix.render;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden files: what we write for a representative state. Regenerate after a deliberate change with
 * {@code -Dgolden.update=true} and review the diff.
 */
class RelayRenderingTest {

    private static final RelayRendering RENDERING =
            new RelayRendering(Path.of("/etc/postfix/smarthost"), "/etc/ssl/certs/ca-certificates.crt");

    static InMemoryDesiredState representativeState() {
        return new InMemoryDesiredState()
                .server(relay("192.0.2.10", 587, Encryption.STARTTLS, "server-login", "s3rver pass"))
                .domain("a.example", relay("smtp.relay.example", HostKind.DNS_NAME, 587, false, Encryption.STARTTLS, true, "apikey", "SG.key-a"))
                .domain("alias-of-a.example", relay("smtp.relay.example", HostKind.DNS_NAME, 587, false, Encryption.STARTTLS, true, "apikey", "SG.key-a"))
                .domain("b.example", relay("smtp.relay.example", HostKind.DNS_NAME, 587, false, Encryption.STARTTLS, true, "apikey", "SG.key-b"))
                .domain("c.example", relay("relay.example", HostKind.DNS_NAME, 2525, true, Encryption.NONE, false, null, null))
                .domain("d.example", relay("2001:db8::25", HostKind.IPV6, 465, false, Encryption.TLS, false, "d-user", "p:w=d#1"));
    }

    @Test
    void mainCfOnDebianDefault() throws IOException {
        MainCf cf = MainCf.parse(Resources.sample("debian-internet-site.main.cf"));
        InMemoryDesiredState state = representativeState();
        RelayRendering.applyTo(cf, RENDERING.mainCfParameters(state.server(), true));
        golden("debian-enabled.main.cf", cf.render());
    }

    @Test
    void mainCfWithDomainRelaysOnly() throws IOException {
        MainCf cf = MainCf.parse(Resources.sample("debian-internet-site.main.cf"));
        Map<String, String> params = RENDERING.mainCfParameters(java.util.Optional.empty(), true);
        assertFalse(params.containsKey("relayhost"));
        assertFalse(params.containsKey("default_transport"));
        RelayRendering.applyTo(cf, params);
        golden("debian-domains-only.main.cf", cf.render());
    }

    @Test
    void masterCfBlock() throws IOException {
        MasterCf cf = MasterCf.parse(Resources.sample("debian.master.cf"));
        RENDERING.applyTo(cf, true);
        golden("debian-enabled.master.cf", cf.render());
    }

    @Test
    void maps() throws IOException {
        InMemoryDesiredState state = representativeState();
        for (MapKind kind : MapKind.values()) {
            golden(kind.file(), new String(RelayRendering.renderMap(kind, state), StandardCharsets.UTF_8));
        }
    }

    /**
     * The domains of a bulk change share one relay object (rendered once, then each domain's key): the maps
     * are those of equal relays given one by one, with other relays between them.
     */
    @Test
    void domainsSharingOneRelayObjectRenderAsEqualRelaysGivenOneByOne() throws BackendException {
        io.smarthost.core.relay.Relay shared = relay("192.0.2.10", 587, Encryption.STARTTLS, "bulk", "bulk-pw");
        InMemoryDesiredState one = new InMemoryDesiredState();
        InMemoryDesiredState many = new InMemoryDesiredState();
        for (String d : List.of("a.example", "b.example", "d.example", "e.example")) {
            one.domain(d, shared);
            many.domain(d, relay("192.0.2.10", 587, Encryption.STARTTLS, "bulk", "bulk-pw"));
        }
        for (InMemoryDesiredState state : List.of(one, many)) {
            state.domain("c.example", relay("192.0.2.20", 25, Encryption.NONE, null, null));
        }
        java.util.Map<MapKind, byte[]> a = RelayRendering.renderMaps(one);
        java.util.Map<MapKind, byte[]> b = RelayRendering.renderMaps(many);
        for (MapKind kind : MapKind.values()) {
            assertEquals(new String(b.get(kind), StandardCharsets.UTF_8), new String(a.get(kind), StandardCharsets.UTF_8));
        }
        String logins = new String(a.get(MapKind.SASL_PASSWD), StandardCharsets.UTF_8);
        assertTrue(logins.contains("@e.example bulk:bulk-pw\n"), logins);
        assertFalse(logins.contains("@c.example"), "the relay between has no login: its line is not the shared one's");
    }

    /**
     * Mail from an IDN domain's sender written in Unicode (SMTPUTF8) is looked up by Postfix as it is: each map carries
     * the Unicode key beside the ASCII one, with its value. The domains' own lines stay one sorted run (the Unicode
     * keys come after it, where TextMap's binary search does not look), the addresses' Unicode keys follow theirs,
     * and a name Postfix folds to another ({@code straße}: {@code strasse}) gets none.
     */
    @Test
    void anIdnDomainAndAddressAlsoHaveTheirUnicodeKeys() throws BackendException {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .domain("a.example", relay("192.0.2.1", 587, Encryption.STARTTLS, "ua", "pw-a"))
                .domain("xn--bcher-kva.example", relay("192.0.2.2", 465, Encryption.TLS, "ub", "pw-b"))
                .domain("xn--strae-oqa.example", relay("192.0.2.3", 25, Encryption.NONE, null, null))
                .domain("z.example", relay("192.0.2.1", 587, Encryption.STARTTLS, "ua", "pw-a"))
                .sender("anna@xn--bcher-kva.example", relay("192.0.2.4", 587, Encryption.STARTTLS, "anna", "pw-anna"));
        java.util.Map<MapKind, byte[]> maps = RelayRendering.renderMaps(state);
        String relays = new String(maps.get(MapKind.SENDER_RELAY), StandardCharsets.UTF_8);
        assertEquals(RelayRendering.MAP_HEADER
                + "@a.example [192.0.2.1]:587\n"
                + "@xn--bcher-kva.example [192.0.2.2]:465\n"
                + "@xn--strae-oqa.example [192.0.2.3]:25\n"
                + "@z.example [192.0.2.1]:587\n"
                + "@bücher.example [192.0.2.2]:465\n"
                + "anna@xn--bcher-kva.example [192.0.2.4]:587\n"
                + "anna@bücher.example [192.0.2.4]:587\n", relays);
        String transports = new String(maps.get(MapKind.SENDER_TRANSPORT), StandardCharsets.UTF_8);
        assertTrue(transports.contains("\n@bücher.example smarthost-tls:[192.0.2.2]:465\n"), transports);
        String logins = new String(maps.get(MapKind.SASL_PASSWD), StandardCharsets.UTF_8);
        assertTrue(logins.contains("\n@bücher.example ub:pw-b\n") && logins.contains("\nanna@bücher.example anna:pw-anna\n"),
                "logins with their Unicode keys");
        for (MapKind kind : MapKind.values()) {
            assertEquals(new String(RelayRendering.renderMap(kind, state), StandardCharsets.UTF_8),
                    new String(maps.get(kind), StandardCharsets.UTF_8), "one map rendered alone: " + kind);
        }
    }

    @Test
    void disablingRemovesEveryManagedParameterAndOurMarker() throws IOException {
        String original = Resources.sample("debian-default.main.cf");
        MainCf cf = MainCf.parse(original);
        RelayRendering.applyTo(cf, RENDERING.mainCfParameters(representativeState().server(), true));
        RelayRendering.applyTo(cf, RENDERING.mainCfParameters(java.util.Optional.empty(), false));
        assertEquals(original, cf.render());
    }

    @Test
    void nexthopForms() {
        assertEquals("[192.0.2.1]:587", Nexthop.of(relay("192.0.2.1", 587, Encryption.STARTTLS, null, null).address()));
        assertEquals("smtp.example.com:25", Nexthop.of(relay("smtp.example.com", HostKind.DNS_NAME, 25, true, Encryption.NONE, false, null, null).address()));
        assertEquals("[smtp.example.com]:25", Nexthop.of(relay("smtp.example.com", HostKind.DNS_NAME, 25, false, Encryption.NONE, false, null, null).address()));
        assertEquals("[ipv6:2001:db8::1]:465", Nexthop.of(relay("2001:db8::1", HostKind.IPV6, 465, false, Encryption.TLS, false, null, null).address()));
    }

    @Test
    void rejectsPasswordWithLineBreakWithoutShowingIt() {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .domain("a.example", relay("192.0.2.1", 587, Encryption.STARTTLS, "u", "secret\n@evil.example x"));
        BackendException e = assertThrows(BackendException.class, () -> RelayRendering.validate(state));
        assertTrue(e.getMessage().contains("relay of a.example"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "no secret in messages");
        assertEquals("validate", e.step());
    }

    /** postmap keeps a value's leading and inner spaces (measured) but drops trailing ones. */
    @Test
    void rejectsTrailingWhitespaceOrTabInPasswordAndColonInUsername() throws BackendException {
        RelayRendering.validate(new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "u", " pass with spaces")));
        assertThrows(BackendException.class, () -> RelayRendering.validate(new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "u", "pass "))));
        assertThrows(BackendException.class, () -> RelayRendering.validate(new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "u", "pa\tss"))));
        assertThrows(BackendException.class, () -> RelayRendering.validate(new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "us:er", "pass"))));
        assertThrows(BackendException.class, () -> RelayRendering.validate(new InMemoryDesiredState()
                .domain("Upper.Example", relay("192.0.2.1", 587, Encryption.STARTTLS, "u", "p"))));
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = Paths.get("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
        }
        assertTrue(Files.exists(file), "golden file missing: " + file + " (run with -Dgolden.update=true once, then review it)");
        assertEquals(Files.readString(file), actual, "differs from golden file " + file);
    }
}
