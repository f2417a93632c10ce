package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.testing.EchoingRelay;
import io.smarthost.panel.api.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression (issue 12): "a relay whose error reply echoes the login has the password shown in the
 * check's explanation and stored as the last-check summary (the transcript itself is masked)". A
 * fake relay on 127.0.0.1 ({@link EchoingRelay}) answers AUTH with the decoded login and the base64 it received.
 */
class EchoedCredentialsTest {
    static final String USER = "apikey";
    static final String SECRET = "Pl41n-Echo-Secret-93";

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void relayEchoingTheLoginInItsErrorReplyNeverShowsThePassword(String mechanism) throws Exception {
        CheckPolicy policy = CheckPolicy.defaults().withResolver(ConnectionCheckerTest.RESOLVER)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(6));
        try (EchoingRelay server = EchoingRelay.start(mechanism);
             ConnectionChecker checker = new ConnectionChecker(policy)) {
            Relay relay = new Relay(new RelayAddress("127.0.0.1", HostKind.IPV4, server.port(), false), Encryption.NONE,
                    false, Optional.of(new Credentials(USER, Secret.of(SECRET))));
            for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
                CheckReport report = checker.check(CheckRequest.of(relay, Requester.admin("admin")), locale);
                CheckStep auth = report.step("auth").orElseThrow();
                assertEquals(Status.FAILED, auth.status(), auth::toString);
                assertTrue(auth.explanation().contains("535 5.7.8"), "the reply is still shown: " + auth.explanation());
                assertTrue(auth.explanation().contains(SecretMask.MASK), auth.explanation());
                String everything = new ObjectMapper().writeValueAsString(report) + auth.texts() + report;
                for (String form : forms()) {
                    assertFalse(everything.contains(form), () -> "\"" + form + "\" shown in " + everything);
                }
            }
        }
    }

    /** The password as sent: clear, its base64 (AUTH LOGIN), the AUTH PLAIN blob, and a fragment of each. */
    static List<String> forms() {
        Base64.Encoder b64 = Base64.getEncoder();
        String plain = b64.encodeToString(("\0" + USER + "\0" + SECRET).getBytes(StandardCharsets.UTF_8));
        String login = b64.encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        return List.of(SECRET, SECRET.substring(0, 12), login, login.substring(0, 12), plain, plain.substring(8, 24));
    }
}
