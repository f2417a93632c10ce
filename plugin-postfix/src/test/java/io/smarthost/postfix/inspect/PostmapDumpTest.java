package io.smarthost.postfix.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.backend.BackendException;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.panel.api.services.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code postmap -s} says about a table, and why it could not: a main.cf Postfix cannot read makes every
 * {@code postmap} fail, and a hostile tester saw three tables called "missing or damaged" for one line of main.cf.
 */
class PostmapDumpTest {

    @TempDir
    Path base;

    @Test
    void aTableIsReadWholeAndAMainCfPostfixCannotReadIsNamedAsTheCause() throws Exception {
        Path dir = PostfixInstance.create(base).configDir();
        Path map = dir.resolve("table");
        Files.writeString(map, "@a.example [relay.example]:587\n@B.example [other.example]:25\n");
        CommandRunner.Result built = new LocalCommandRunner().run(CommandRunner.Command.of(Duration.ofSeconds(10),
                "/usr/sbin/postmap", "-c", dir.toString(), "hash:" + map));
        assertEquals(0, built.exitCode(), built.stderr());
        Path sbin = Path.of("/usr/sbin");
        assertEquals(Map.of("@a.example", "[relay.example]:587", "@b.example", "[other.example]:25"),
                PostmapDump.read(sbin, dir, map, Duration.ofSeconds(10)));

        Path mainCf = dir.resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "this line is garbage\n");
        BackendException e = assertThrows(BackendException.class, () -> PostmapDump.read(sbin, dir, map, Duration.ofSeconds(10)));
        assertEquals("postmap -s", e.step());
        int lines = (int) Files.readString(mainCf).lines().count();
        assertEquals("postmap -s " + map + ".db failed: " + mainCf + ", line " + lines
                + ": missing '=' after attribute name: \"this line is garbage\"", e.reason());
    }
}
