package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One secret line of UTF-8 on standard input, whatever command reads it. */
class CliStdinTest {

    private static String read(byte[] bytes) {
        return CliStdin.secretLine(new ByteArrayInputStream(bytes), "-password-stdin", "pipe it");
    }

    private static String read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(CliUsageException.class, () -> read(bytes)).getMessage();
    }

    @Test
    void oneLineWithOrWithoutItsLineBreak() {
        assertEquals("s3cret pw", read("s3cret pw"));
        assertEquals("s3cret pw", read("s3cret pw\n"));
        assertEquals("s3cret pw", read("s3cret pw\r\n"));
        assertEquals("pässwörd", read("pässwörd\n"));
    }

    @Test
    void emptyTwoLinesNotUtf8AndTooLongAreRefusedWithoutRepeatingTheInput() {
        assertEquals("-password-stdin: standard input was empty; pipe it", refusal(new byte[0]));
        assertEquals("-password-stdin: standard input was empty; pipe it", refusal("\n".getBytes(StandardCharsets.UTF_8)));
        String two = refusal("first-secret\nsecond-secret\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("-password-stdin: standard input holds more than one line; give the password or key alone, on one line", two);
        assertFalse(two.contains("secret"));
        assertEquals("-password-stdin: standard input is not UTF-8 text", refusal(new byte[] {'c', 'a', 'f', (byte) 0xe9}));
        assertEquals("-password-stdin: standard input holds more than 64 KB; give the password or key alone, on one line",
                refusal(new byte[CliStdin.MAX_BYTES + 1]));
    }
}
