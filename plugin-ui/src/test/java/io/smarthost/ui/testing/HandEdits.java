package io.smarthost.ui.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.postfix.maincf.ConfigLine;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.testing.UnmanagedLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * What an admin does to the panel's sandbox main.cf by hand, for the drift tests of the pages, the API
 * and the CLI: a relay set up by hand with its own password table, and later edits of {@code relayhost}.
 */
public final class HandEdits {
    /** The hand-made relay's login in its own password table (the user name is offered to the form). */
    public static final String HAND_USER = "hand-user";
    public static final String HAND_SECRET = "hand-Secret-77";

    private final Path dir;

    public HandEdits(Path panelHome) {
        this.dir = panelHome.resolve("mail-sandbox/postfix");
    }

    public Path mainCf() {
        return dir.resolve("main.cf");
    }

    public String read() {
        try {
            return Files.readString(mainCf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes main.cf back-dated: Postfix re-reads a main.cf younger than a second on every command. */
    public void write(String text) {
        try {
            Files.writeString(mainCf(), text);
            Files.setLastModifiedTime(mainCf(), FileTime.from(Instant.now().minusSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table named by the hand-written {@code smtp_sasl_password_maps}. */
    public String handTable() {
        return "hash:" + dir.resolve("hand_sasl");
    }

    /** A relay set up by hand before the panel's first save: relayhost, SASL on, its own password table. */
    public String addHandRelay(String relayhost) {
        try {
            Files.writeString(dir.resolve("hand_sasl"), relayhost + " " + HAND_USER + ":" + HAND_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = read().replaceAll("(?m)^relayhost =.*\\n", "") + "# our provider, set up by hand\nrelayhost = " + relayhost
                + "\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = " + handTable() + "\nsmtp_tls_security_level = may\n";
        write(text);
        return text;
    }

    /** {@code relayhost = value} by hand: the active line is replaced, or one is appended (as {@code postconf -e} does). */
    public String setRelayhost(String value) {
        return set("relayhost", value);
    }

    /** {@code name = value} by hand: the active line is replaced, or one is appended (as {@code postconf -e} does). */
    public String set(String name, String value) {
        List<ConfigLine> lines = MainCf.parse(read()).lines();
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() == ConfigLine.Kind.START && lines.get(i).owner().equals(name)) {
                last = i;
            }
        }
        StringBuilder edited = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            edited.append(i == last ? name + " = " + value + lines.get(i).terminator() : lines.get(i).raw());
        }
        if (last < 0) {
            edited.append(name).append(" = ").append(value).append('\n');
        }
        write(edited.toString());
        return edited.toString();
    }

    /** The value Postfix uses for {@code name}; empty text when unset. */
    public String active(String name) {
        return MainCf.parse(read()).get(name).orElse("");
    }

    /** The 1-based line of the active {@code name} setting. */
    public int lineOf(String name) {
        return MainCf.parse(read()).parameters().stream().filter(p -> p.name().equals(name))
                .reduce((a, b) -> b).orElseThrow().line();
    }

    /** The hand-written values of {@code name} the panel keeps beside its own. */
    public List<String> saved(String name) {
        return MainCf.parse(read()).savedValues(name);
    }

    /** Asserts that every line the panel does not manage is as it was in {@code before}. */
    public void assertUnmanagedLinesKept(String before) {
        assertEquals(UnmanagedLines.of(before), UnmanagedLines.of(read()), "lines the panel does not manage");
    }
}
