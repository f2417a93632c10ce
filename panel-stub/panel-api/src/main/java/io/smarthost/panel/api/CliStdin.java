package io.smarthost.panel.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A secret read from standard input ({@code -password-stdin}): one line of UTF-8 text, the same rules for every
 * command. Two lines are refused (which one is the password would be a guess: the first was saved, and "Applied"
 * said), as are an empty input, text that is not UTF-8, and more than 64 KB. One line break at the end (printf,
 * echo) is not part of the secret. Messages never repeat what was read.
 *
 * @since 1.4
 */
public final class CliStdin {

    /** The most a secret's input may hold. */
    public static final int MAX_BYTES = 64 * 1024;

    private CliStdin() {
    }

    /**
     * @param option the option that reads it, for the messages ({@code -password-stdin})
     * @param hint   what to do when it is empty (a command to pipe it with), or empty
     * @throws CliUsageException when the input is not one non-empty line of UTF-8 text
     */
    public static String secretLine(InputStream in, String option, String hint) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new CliUsageException(option + ": standard input holds more than " + MAX_BYTES / 1024 + " KB; give the"
                    + " password or key alone, on one line");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliUsageException(option + ": standard input is not UTF-8 text");
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new CliUsageException(option + ": standard input was empty" + (hint.isEmpty() ? "" : "; " + hint));
        }
        String rest = end < 0 ? "" : text.substring(end + 1);
        if (!rest.isEmpty() && !rest.equals("\n") && !rest.equals("\r\n")) {
            throw new CliUsageException(option + ": standard input holds more than one line; give the password or key"
                    + " alone, on one line");
        }
        return line;
    }
}
