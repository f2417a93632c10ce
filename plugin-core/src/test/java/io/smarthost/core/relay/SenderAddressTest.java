package io.smarthost.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderAddressTest {

    @ParameterizedTest
    @CsvSource({
            "alice@example.com, alice, example.com",
            "'  Alice@Example.COM ', alice, example.com",
            "first.last+news@example.com, first.last+news, example.com",
            "o'brien@shop.example.org, o'brien, shop.example.org",
            "alice@bücher.example, alice, xn--bcher-kva.example",
    })
    void normalisesWhatPostfixLooksUp(String typed, String local, String domain) {
        SenderAddress a = SenderAddress.parse(typed);
        assertEquals(local, a.localPart());
        assertEquals(domain, a.domain());
        assertEquals(local + "@" + domain, a.address());
    }

    @ParameterizedTest
    @CsvSource({
            "'', REQUIRED",
            "'   ', REQUIRED",
            "alice.example.com, NO_AT",
            "@example.com, LOCAL_EMPTY",
            "'al ice@example.com', LOCAL_CHARACTERS",
            "'#alice@example.com', LOCAL_CHARACTERS",
            "'\"alice\"@example.com', LOCAL_CHARACTERS",
            "'alice\nbob@example.com', LOCAL_CHARACTERS",
            "jérôme@example.com, LOCAL_CHARACTERS",
            "a@b@example.com, LOCAL_CHARACTERS",
            ".alice@example.com, LOCAL_DOTS",
            "alice.@example.com, LOCAL_DOTS",
            "al..ice@example.com, LOCAL_DOTS",
            "alice@, DOMAIN_INVALID",
            "alice@localhost, DOMAIN_INVALID",
            "alice@exa mple.com, DOMAIN_INVALID",
            "alice@[192.0.2.1], DOMAIN_INVALID",
    })
    void refusesWhatATableKeyCannotCarry(String typed, SenderAddress.Problem problem) {
        SenderAddress.InvalidException e = assertThrows(SenderAddress.InvalidException.class, () -> SenderAddress.parse(typed));
        assertEquals(problem, e.problem());
    }

    @org.junit.jupiter.api.Test
    void refusesLongParts() {
        assertEquals(SenderAddress.Problem.LOCAL_TOO_LONG, assertThrows(SenderAddress.InvalidException.class,
                () -> SenderAddress.parse("a".repeat(65) + "@example.com")).problem());
        String label = "b".repeat(60);
        String domain = String.join(".", label, label, label, "c".repeat(60), "com"); // 248 characters
        assertEquals(SenderAddress.Problem.TOO_LONG, assertThrows(SenderAddress.InvalidException.class,
                () -> SenderAddress.parse("a".repeat(10) + "@" + domain)).problem());
    }
}
