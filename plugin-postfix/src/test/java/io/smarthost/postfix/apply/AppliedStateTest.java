package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedStateTest {

    @TempDir
    Path dir;

    /** Regression: the applied state was written as ISO-8859-1 ('?' for other characters) with partial escaping. */
    @Test
    void roundTripsAnyCharacterAsUtf8() throws Exception {
        ApplyEngine.AppliedState state = new ApplyEngine.AppliedState(Map.of(
                "relayhost", "[smtp.example.com]:587",
                "smtp_sasl_password_maps", "hash:/srv/pöstfix/日本/smarthost/sasl_passwd",
                "sender_dependent_relayhost_maps", " #lead:=!\\tab\there"), "[smtp.exämple.com]:587");
        Path file = dir.resolve("applied.properties");
        Files.write(file, state.bytes());
        assertEquals(state, ApplyEngine.AppliedState.read(file));
        assertEquals(true, Files.readString(file).contains("日本"), "stored as UTF-8 text, not \\u escapes or '?'");
    }
}
