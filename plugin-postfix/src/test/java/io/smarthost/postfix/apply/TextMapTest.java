package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextMapTest {

    @TempDir
    Path dir;

    /** Regression: an entry appended to a hand-edited map without final newline was glued onto its last line. */
    @Test
    void appendsOnANewLineWhenTheFileLacksItsFinalNewline() throws Exception {
        Path file = dir.resolve("sender_relay");
        String handEdited = "@a.example [192.0.2.1]:587\n@b.example [192.0.2.2]:587";
        Files.writeString(file, handEdited);
        TextMap map = TextMap.open(file);
        assertEquals(Optional.of("[192.0.2.2]:587"), map.get("@b.example"), "the last line counts without its newline");

        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("@c.example", "[192.0.2.3]:587");
        map.edit(edits);
        assertEquals(handEdited + "\n@c.example [192.0.2.3]:587\n", Files.readString(file));
        TextMap again = TextMap.open(file);
        assertEquals(Optional.of("[192.0.2.2]:587"), again.get("@b.example"));
        assertEquals(Optional.of("[192.0.2.3]:587"), again.get("@c.example"));

        map.rollback();
        assertEquals(handEdited, Files.readString(file, StandardCharsets.UTF_8), "rollback restores every byte");
    }

    @Test
    void replacingTheUnterminatedLastLineKeepsTheFileValid() throws Exception {
        Path file = dir.resolve("sasl_passwd");
        Files.writeString(file, "@a.example u:old");
        TextMap map = TextMap.open(file);
        map.edit(Map.of("@a.example", "u:new"));
        assertEquals(Optional.of("u:new"), TextMap.open(file).get("@a.example"));
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.startsWith("@a.example")).count());
        map.rollback();
        assertEquals("@a.example u:old", Files.readString(file));
    }
}
