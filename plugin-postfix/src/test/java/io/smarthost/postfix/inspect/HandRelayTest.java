package io.smarthost.postfix.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.relay.Encryption;
import io.smarthost.postfix.maincf.MainCf;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a hand-made relay as form fields: host as the form writes it, port, encryption guessed from TLS settings. */
class HandRelayTest {

    static Optional<DetectedRelay> read(String mainCf) {
        return HandRelay.read(MainCf.parse(mainCf), Optional.empty(), Path.of("/nonexistent"));
    }

    @Test
    void hostAndPortAsTheFormWritesThem() {
        assertEquals("[smtp.example.net]", read("relayhost = [smtp.example.net]:587\n").orElseThrow().host());
        assertEquals(587, read("relayhost = [smtp.example.net]:587\n").orElseThrow().port());
        assertEquals("smtp.example.net", read("relayhost = smtp.example.net\n").orElseThrow().host(), "MX lookup kept");
        assertEquals(25, read("relayhost = smtp.example.net\n").orElseThrow().port(), "Postfix's default port");
        assertEquals("192.0.2.7", read("relayhost = [192.0.2.7]:2525\n").orElseThrow().host());
        assertEquals("2001:db8::1", read("relayhost = [ipv6:2001:db8::1]:465\n").orElseThrow().host());
        assertEquals(587, read("relayhost = [smtp.example.net]:submission\n").orElseThrow().port());
        assertEquals("[a.example]", read("relayhost = [a.example]:587, [b.example]:587\n").orElseThrow().host(), "the first");
    }

    @Test
    void encryptionIsGuessedFromWrapperModeAndTheTlsLevel() {
        String relay = "relayhost = [smtp.example.net]:465\n";
        assertEquals(Encryption.TLS, read(relay + "smtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\n")
                .orElseThrow().encryption());
        assertEquals(Encryption.STARTTLS, read(relay + "smtp_tls_security_level = encrypt\n").orElseThrow().encryption());
        DetectedRelay secure = read(relay + "smtp_tls_security_level = secure\n").orElseThrow();
        assertEquals(Encryption.STARTTLS, secure.encryption());
        assertEquals(true, secure.verifyCertificate());
        assertEquals(false, read(relay + "smtp_tls_security_level = encrypt\n").orElseThrow().verifyCertificate());
        assertEquals(Encryption.NONE, read(relay + "smtp_tls_security_level = may\n").orElseThrow().encryption());
        assertEquals(Encryption.NONE, read(relay).orElseThrow().encryption());
    }

    @Test
    void authenticationWithoutAReadableTableLeavesTheUserNameEmpty() {
        DetectedRelay r = read("relayhost = [smtp.example.net]:587\nsmtp_sasl_auth_enable = yes\n"
                + "smtp_sasl_password_maps = hash:/nonexistent/sasl_passwd\n").orElseThrow();
        assertEquals(true, r.authentication());
        assertEquals("", r.username());
    }

    @Test
    void noRelayOrTheDefaultIsNothingToOffer() {
        assertEquals(Optional.empty(), read("relayhost =\n"));
        assertEquals(Optional.empty(), read("myhostname = x\n"));
        assertEquals(Optional.empty(), HandRelay.read(MainCf.parse("relayhost = [ours.example]:587\n"),
                Optional.of("[ours.example]:587"), Path.of("/")), "the panel's own relay");
    }
}
