package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.postfix.LocalCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postfix reload} writes its errors to standard error only on a terminal: a reload refused for a main.cf broken
 * by hand said "exit code 1" and nothing more (a hostile tester). Stand-ins on the PATH of this process only: a
 * {@code postfix} that fails silently, a {@code postconf} that complains as the real one does.
 */
class PostfixCommandsTest {

    @TempDir
    Path dir;

    private PostfixCommands commands(String postconfStderr) throws Exception {
        script("postfix", "exit 1");
        script("postconf", postconfStderr.isEmpty() ? "exit 0" : "echo '" + postconfStderr + "' >&2; exit 1");
        return new PostfixCommands(new LocalCommandRunner(), dir, Duration.ofSeconds(10));
    }

    private void script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aSilentFailedReloadSaysWhatPostconfFindsInTheFiles() throws Exception {
        PostfixCommands c = commands("postconf: fatal: /etc/postfix/main.cf, line 71: missing = after attribute name");
        BackendException e = assertThrows(BackendException.class, () -> c.reload(dir));
        assertEquals("reload", e.step());
        assertTrue(e.reason().contains("exit code 1: main.cf or master.cf: postconf: fatal: /etc/postfix/main.cf, line 71"),
                e.reason());
    }

    @Test
    void whenNothingSaysWhyTheMailLogIsNamed() throws Exception {
        PostfixCommands c = commands("");
        BackendException e = assertThrows(BackendException.class, () -> c.reload(dir));
        assertTrue(e.reason().contains("its reason is in the mail log"), e.reason());
    }
}
