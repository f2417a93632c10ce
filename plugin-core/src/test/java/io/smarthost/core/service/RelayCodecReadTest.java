package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings read from their stored text: each text read as written, the same text again not parsed again. */
class RelayCodecReadTest {

    private static RelaySettings settings(String host, int port) {
        return new RelaySettings(true, Optional.of(new RelayAddress(host, HostKind.DNS_NAME, port, false)),
                Encryption.STARTTLS, true, true, "user", true, "custom", Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void eachTextReadsAsWrittenAndTheSameTextTwiceIsReadOnce() {
        RelaySettings a = settings("relay.example.com", 587);
        RelaySettings b = settings("relay.example.com", 2525);
        String textA = RelayCodec.write(a);
        String textB = RelayCodec.write(b);
        assertEquals(a, RelayCodec.read(textA));
        assertEquals(b, RelayCodec.read(textB));
        assertNotEquals(RelayCodec.read(textA), RelayCodec.read(textB));
        // an equal text from another read of the store (another String object): the settings read before
        assertSame(RelayCodec.read(textA), RelayCodec.read(new String(textA.toCharArray())));
    }

    /** More texts than are kept: every one still reads as written (the kept ones are dropped, never mixed up). */
    @Test
    void pastWhatIsKeptEveryTextStillReadsAsWritten() {
        for (int round = 0; round < 2; round++) {
            for (int port = 1; port <= RelayCodec.READ_CACHED * 3; port++) {
                RelaySettings s = settings("relay" + port + ".example.com", port);
                assertEquals(s, RelayCodec.read(RelayCodec.write(s)), "port " + port);
            }
        }
    }
}
