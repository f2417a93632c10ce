package io.smarthost.core.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayValidatorTest {
    static final Capabilities ALL = new Capabilities(true, true, true, Set.of(Encryption.values()), true, true, List.of());
    static RelayValidator validator;

    @BeforeAll
    static void build() {
        validator = new RelayValidator(RelayValidatorTest.class.getClassLoader());
    }

    @AfterAll
    static void close() {
        validator.close();
    }

    static RelayInput.Builder good() {
        return RelayInput.builder().host("[smtp.sendgrid.net]:587").encryption("starttls")
                .login("apikey", "SG.key with spaces & ünïcode!").provider("sendgrid");
    }

    static List<FieldError> check(RelayInput in, Scope scope, Capabilities caps, Locale locale) {
        return validator.validate(in, new RelayValidationContext(scope, Optional.of("Postfix"), caps, false, "auto"),
                locale);
    }

    static Arguments bad(String field, UnaryOperator<RelayInput.Builder> change) {
        RelayInput in = change.apply(good()).build();
        return Arguments.of(field, in);
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> rows = new ArrayList<>();
        String[] badHosts = {
                "", "   ", "smtp.example.com\r\n", "smtp.example.com\nRCPT TO:<x>", "smtp\0.example.com",
                "smtp.example.com\r", "\tsmtp.example.com\t", "smtp example.com", "smtp.example.com\u2028",
                "[smtp.example.com", "smtp.example.com]", "[[smtp.example.com]]", "[]", "[]:25",
                "[smtp.example.com]x", "[smtp.example.com]25", "[smtp.example.com]:", "[smtp.example.com]:0",
                "[smtp.example.com]:65536", "[smtp.example.com]:99999", "[smtp.example.com]:abc",
                "[smtp.example.com]:-1", "[smtp.example.com]:+25", "smtp.example.com:", "smtp.example.com:0",
                "smtp.example.com:65536", "smtp.example.com:1e3", "smtp.example.com:587:25", "smtp.example.com:123456",
                "a".repeat(64) + ".example.com", "x." + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63)
                + "." + "d".repeat(63), "smtp..example.com", ".smtp.example.com", "smtp.example..com",
                "smtp_relay.example.com", "smtp!.example.com", "smtp@example.com", "user:pass@smtp.example.com",
                "smtp.example.com/25", "-smtp.example.com", "smtp-.example.com", "smtp.-example.com",
                "smtp.example.123", "1.2.3", "256.1.1.1", "192.0.2.256", "192.0.2", "192.0.2.1.5", "01.2.3.4",
                "192.0.2.01", "192.0.2.1.", "[192.0.2.1]:0", "2001:db8:::1", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9",
                "[2001:db8::g]", "[2001:db8::1%eth0]", "[12345::1]", "[2001:db8::1]:70000", "[:::]", "[fe80::1/64]",
                "xn--zzzzzzzz-.example", "xn--a.example", "smtp.ex\u00e4mple_.com", "smtp.example.com;reload",
                "smtp.example.com,other.example.com", "$(reboot).example.com", "smtp.example.com\"",
                "smtp.example.com'", "<smtp.example.com>", "h".repeat(300),
        };
        for (String h : badHosts) {
            rows.add(bad("host", b -> b.host(h)));
        }
        String[] badPorts = {"0", "65536", "70000", "abc", "5 87", "-25", "+25", "25.0", "0x19", "1e3", "587\n",
                "99999999999999999999", "２５"};
        for (String p : badPorts) {
            rows.add(bad("port", b -> b.host("[smtp.example.com]").port(p)));
        }
        rows.add(bad("port", b -> b.host("[smtp.example.com]:2525").port("587")));
        for (String e : new String[] {"ssl", "STARTTLS please", "tls1.2", "yes", "starttls\n"}) {
            rows.add(bad("encryption", b -> b.encryption(e)));
        }
        String[] badUsers = {"user:name", "user name", " us er", "user\tname", "user\r\nname", "user\0", "a".repeat(257),
                ":", "apikey\n", "user\u2028x", "user\u00a0name"};
        for (String u : badUsers) {
            rows.add(bad("username", b -> b.username(u)));
        }
        rows.add(bad("username", b -> b.username("")));
        rows.add(bad("username", b -> b.username("   ")));
        rows.add(bad("username", b -> b.username(null)));
        String[] badSecrets = {"pass\r\nword", "pass\nword", "pass\rword", "pass\0word", "\n", "x".repeat(1025),
                "secret\r\nRCPT TO:<victim@example.com>"};
        for (String s : badSecrets) {
            rows.add(bad("password", b -> b.password(Secret.of(s))));
        }
        rows.add(bad("password", b -> b.password(null)));
        rows.add(bad("password", b -> b.password(Secret.of(""))));
        for (String p : new String[] {"sendgird", "mailgun", "SendGrid", "custom\n", "../etc/passwd"}) {
            rows.add(bad("provider", b -> b.provider(p)));
        }
        return rows.stream();
    }

    @Test
    void theBadInputTableHasAtLeastAHundredRows() {
        assertTrue(badInputs().count() >= 100, "rows: " + badInputs().count());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("badInputs")
    void rejectsBadInputNamingTheField(String field, RelayInput in) {
        List<FieldError> errors = check(in, Scope.SERVER, ALL, Locale.ENGLISH);
        assertFalse(errors.isEmpty(), "accepted: " + in);
        assertEquals(List.of(field), errors.stream().map(FieldError::field).distinct().toList(), errors.toString());
        for (FieldError e : errors) {
            assertFalse(e.message().startsWith("{"), "message key not resolved: " + e.message());
            assertFalse(e.message().contains("\r") || e.message().contains("\n"), "message echoes input");
            if (in.password() != null && !in.password().isEmpty()) {
                assertFalse(e.message().contains(in.password().reveal()), "message echoes the secret");
            }
        }
        List<FieldError> fr = check(in, Scope.SERVER, ALL, Locale.FRENCH);
        assertEquals(errors.size(), fr.size());
        for (int i = 0; i < fr.size(); i++) {
            assertFalse(fr.get(i).message().equals(errors.get(i).message()), "French differs: " + fr.get(i));
        }
    }

    @Test
    void acceptsWhatAdminsType() {
        for (String host : List.of("smtp.sendgrid.net", "[smtp.sendgrid.net]", "[smtp.sendgrid.net]:2525", "192.0.2.1",
                "[2001:db8::1]:587", "bücher.example", "relay")) {
            assertEquals(List.of(), check(good().host(host).build(), Scope.SERVER, ALL, Locale.ENGLISH), host);
        }
        assertEquals(List.of(), check(good().port("00587").build(), Scope.SERVER, ALL, Locale.ENGLISH));
        assertEquals(List.of(), check(good().host("[smtp.example.com]:2525").port("2525").build(), Scope.SERVER, ALL,
                Locale.ENGLISH));
    }

    @Test
    void secretKeepsEveryCharacterThePasswordTableCanCarry() {
        String secret = "  p@ss wörd \"'\\$`{x}%:#\u00e9\u2028x";
        RelayInput in = good().password(Secret.of(secret)).build();
        assertEquals(List.of(), check(in, Scope.SERVER, ALL, Locale.ENGLISH));
        assertEquals(secret, ResolvedInput.of(in).password().get().reveal());
    }

    /**
     * Regression: validation accepted a tab, other control characters and trailing spaces that the
     * Postfix backend refuses at apply time, so the admin got a rolled-back failure, not a field error.
     */
    @Test
    void secretRefusesWhatThePasswordTableCannotCarry() {
        for (String secret : new String[] {"pass\tword", "tab\t", "bell\u0007", "del\u007f", "esc\u001b[0m"}) {
            List<FieldError> e = check(good().password(Secret.of(secret)).build(), Scope.SERVER, ALL, Locale.ENGLISH);
            assertEquals("password", e.get(0).field(), secret);
            assertTrue(e.get(0).message().contains("control character"), e.get(0).message());
        }
        for (String secret : new String[] {"trailing ", "trailing  ", " both "}) {
            List<FieldError> e = check(good().password(Secret.of(secret)).build(), Scope.SERVER, ALL, Locale.FRENCH);
            assertEquals("password", e.get(0).field(), secret);
            assertTrue(e.get(0).message().startsWith("Mot de passe\u202f: ne peut pas se terminer par une espace"),
                    e.get(0).message());
        }
    }

    @Test
    void disabledRelayNeedsNoHostButStillChecksWhatIsTyped() {
        assertEquals(List.of(), check(RelayInput.disabled(), Scope.SERVER, ALL, Locale.ENGLISH));
        assertEquals("host", check(RelayInput.builder().enabled(false).host("bad host").build(), Scope.SERVER, ALL,
                Locale.ENGLISH).get(0).field());
    }

    @Test
    void storedSecretMakesBlankPasswordValid() {
        RelayInput in = good().password(null).build();
        assertEquals(List.of(), validator.validate(in,
                new RelayValidationContext(Scope.SERVER, Optional.of("Postfix"), ALL, true, "auto"), Locale.ENGLISH));
    }

    /** Regression: a stored secret made a blank password valid for any relay. */
    @Test
    void storedSecretCountsOnlyForTheRelayAndLoginItWasSavedFor() {
        StoredLogin saved = new StoredLogin(Optional.of(ResolvedInput.of(good().build()).address().orElseThrow()),
                ResolvedInput.of(good().build()).encryption(), ResolvedInput.of(good().build()).username());
        RelayValidationContext ctx = RelayValidationContext.withStoredSecret(Scope.SERVER, Optional.of("Postfix"),
                ALL, "auto", saved);
        assertEquals(List.of(), validator.validate(good().password(null).build(), ctx, Locale.ENGLISH));
        List<FieldError> moved = validator.validate(good().password(null).host("[evil.example]").build(), ctx,
                Locale.FRENCH);
        assertEquals("password", moved.get(0).field());
        assertTrue(moved.get(0).message().startsWith("Mot de passe\u202f: saisissez de nouveau"), moved.get(0).message());
        assertEquals(List.of(), validator.validate(good().host("[evil.example]").build(), ctx, Locale.ENGLISH),
                "a typed password is always fine");
    }

    @Test
    void defaultsFollowThePort() {
        assertEquals(Encryption.TLS, ResolvedInput.of(good().encryption(null).host("smtp.example.com:465").build()).encryption());
        assertEquals(465, ResolvedInput.of(good().encryption("tls").host("smtp.example.com").build()).address().get().port());
        assertEquals(587, ResolvedInput.of(good().encryption(null).host("smtp.example.com").build()).address().get().port());
        assertTrue(ResolvedInput.of(good().build()).verifyCertificate());
    }

    @Test
    void refusesWhatTheBackendCannotHonourNamingIt() {
        Capabilities windows = new Capabilities(true, false, false, Set.of(Encryption.STARTTLS, Encryption.NONE), false,
                false, List.of());
        List<FieldError> errors = validator.validate(good().encryption("tls").verifyCertificate(false).build(),
                new RelayValidationContext(Scope.domain("example.com"), Optional.of("MailEnable"), windows, false, "auto"),
                Locale.ENGLISH);
        assertEquals(List.of("enabled", "host", "encryption", "verifyCertificate", "authentication"),
                errors.stream().map(FieldError::field).toList());
        errors.forEach(e -> assertTrue(e.message().contains("MailEnable"), e.message()));
        assertTrue(errors.get(2).message().contains("\"tls\""), errors.get(2).message());
    }

    @Test
    void saysWhenNoBackendWasFound() {
        List<FieldError> errors = validator.validate(good().build(),
                new RelayValidationContext(Scope.SERVER, Optional.empty(), Capabilities.none(), false, "exim"),
                Locale.FRENCH);
        assertEquals("enabled", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("smarthost.backend = exim"), errors.get(0).message());
        assertTrue(errors.get(0).message().startsWith("Activé"), errors.get(0).message());
    }

    @Test
    void inputToStringHidesTheSecret() {
        RelayInput in = good().password(Secret.of("TOPSECRET-1")).build();
        assertFalse(in.toString().contains("TOPSECRET-1"));
        assertFalse(ResolvedInput.of(in).toString().contains("TOPSECRET-1"));
    }
}
