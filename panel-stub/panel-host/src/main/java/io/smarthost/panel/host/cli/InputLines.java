package io.smarthost.panel.host.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a UTF-8 text read from a stream one at a time, for input files such as {@code domain --create-from}'s.
 * At most one line is held, and of it at most what {@code maxChars} characters take: a longer line is read to its end
 * without being kept (a file of one 60 MB line, read whole, ran the panel out of memory). A line that is too long or
 * not UTF-8 is given with its number and a problem instead of its text, so that the caller can name every such line,
 * not only the first. A byte order mark before the first line is not part of it (editors on Windows write one). Lines
 * end with {@code \n}, {@code \r\n} or {@code \r}, as {@link java.nio.file.Files#readAllLines} splits them.
 */
final class InputLines {

    /** A line: its number (from 1) and its text, or, when it cannot be read, the problem (its text is then null). */
    record Line(int number, String text, String problem) {
    }

    private static final String BOM = "\uFEFF";

    private final InputStream in;
    private final int maxChars;
    /** What {@code maxChars} characters take at most in UTF-8 (four bytes each), and a byte order mark. */
    private final int maxBytes;
    private final byte[] line;
    private final byte[] buffer = new byte[65536];
    private int position;
    private int limit;
    private int number;
    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that end. */
    private boolean afterCarriageReturn;

    InputLines(InputStream in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
        this.maxBytes = maxChars * 4 + 3;
        this.line = new byte[maxBytes];
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        int b = read();
        if (afterCarriageReturn && b == '\n') {
            b = read();
        }
        afterCarriageReturn = false;
        if (b == -1) {
            return null;
        }
        number++;
        long length = 0;
        while (b != -1 && b != '\n' && b != '\r') {
            if (length < maxBytes) {
                line[(int) length] = (byte) b;
            }
            length++;
            b = read();
        }
        afterCarriageReturn = b == '\r';
        if (length > maxBytes) {
            return tooLong();
        }
        String text;
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            text = utf8.decode(ByteBuffer.wrap(line, 0, (int) length)).toString();
        } catch (CharacterCodingException e) {
            // its bytes are not repeated: they are no text the terminal could show
            return new Line(number, null, "not UTF-8 text (save the file as UTF-8)");
        }
        if (number == 1 && text.startsWith(BOM)) {
            text = text.substring(BOM.length());
        }
        return text.codePointCount(0, text.length()) > maxChars ? tooLong() : new Line(number, text, null);
    }

    private Line tooLong() {
        return new Line(number, null, String.format(java.util.Locale.ROOT, "the line is longer than %,d characters (far more than"
                + " a domain name and its owner need); it was not read", maxChars));
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }
}
