package io.smarthost.panel.host.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** panel.ini checked against the declared keys: what is listed, and what readers get instead. */
class PanelIniCheckTest {

    static final IniKey SERVER_ENABLED = IniKey.bool("mail", "smarthost.server.enabled", true, "server level");
    static final IniKey CONNECT_TIMEOUT = IniKey.integer("mail", "smarthost.check.connect_timeout", 10, 1, 120, "seconds");
    static final IniKey SMARTERMAIL_URL = IniKey.of("mail", "smarthost.smartermail.url", new IniType.HttpUrl(), "", "URL");
    static final List<IniKey> PLUGIN_KEYS = List.of(SERVER_ENABLED, CONNECT_TIMEOUT, SMARTERMAIL_URL);

    @TempDir
    Path dir;

    private LivePanelIni ini(String text) throws Exception {
        Files.writeString(dir.resolve("panel.ini"), text);
        return new LivePanelIni(dir.resolve("panel.ini"), () -> schema(PLUGIN_KEYS));
    }

    private static IniSchema schema(List<IniKey> pluginKeys) {
        Map<String, List<IniKey>> declared = new LinkedHashMap<>();
        declared.put("panel", HostIniKeys.ALL);
        declared.put("smarthost", pluginKeys);
        return IniSchema.of(declared);
    }

    @Test
    void typoedBooleanIsListedWithItsLineAndReadersGetTheDeclaredDefault() throws Exception {
        LivePanelIni ini = ini("; comment\n[mail]\nsmarthost.server.enabled = ture\n");
        assertEquals(List.of("panel.ini:3: smarthost.server.enabled: \"ture\" is not allowed: true or false"
                + " (also on/off, yes/no, 1/0); the default (true) applies"), ini.problems());
        assertTrue(ini.getBoolean(SERVER_ENABLED));
        assertTrue(ini.getBoolean("mail", "smarthost.server.enabled", true));
        assertEquals(Optional.empty(), ini.get("mail", "smarthost.server.enabled"), "never the bad value");
        assertEquals("true", ini.value(SERVER_ENABLED));
    }

    @Test
    void outOfRangePortAndIntegersAreListedAndTheDefaultsApply() throws Exception {
        LivePanelIni ini = ini("[web]\nport = 70000\n[security]\nbcrypt_cost = 3\n[mail]\nsmarthost.check.connect_timeout = ten\n");
        assertEquals(List.of(
                "panel.ini:2: port: \"70000\" is not allowed: a whole number from 0 to 65535; the default (8880) applies",
                "panel.ini:4: bcrypt_cost: \"3\" is not allowed: a whole number from 4 to 16; the default (10) applies",
                "panel.ini:6: smarthost.check.connect_timeout: \"ten\" is not allowed: a whole number from 1 to 120;"
                        + " the default (10) applies"), ini.problems());
        assertEquals(8880, ini.getInt(HostIniKeys.PORT));
        assertEquals(10, ini.getInt(HostIniKeys.BCRYPT_COST));
        assertEquals(10, ini.getInt(CONNECT_TIMEOUT));
        assertEquals(1, ini.getInt("web", "port", 1, 0, 100_000), "a reader reading wider still gets its default");
    }

    @Test
    void unknownKeysInOwnedSectionsAreListedWithTheClosestDeclaredKey() throws Exception {
        LivePanelIni ini = ini("""
                [web]
                prot = 9000
                bcrypt_cost = 12
                colour = blue
                [MAIL]
                smarthost.server.enabeld = false
                """);
        assertEquals(List.of(
                "panel.ini:2: prot: unknown key in [web], ignored; did you mean port?",
                "panel.ini:3: bcrypt_cost: unknown key in [web], ignored; it belongs in [security]",
                "panel.ini:4: colour: unknown key in [web], ignored",
                "panel.ini:6: smarthost.server.enabeld: unknown key in [mail], ignored; did you mean smarthost.server.enabled?"),
                ini.problems());
        assertEquals(8880, ini.getInt(HostIniKeys.PORT));
        assertTrue(ini.getBoolean(SERVER_ENABLED), "the misspelt key changes nothing");
    }

    @Test
    void sectionsNobodyDeclaresAreLeftAlone() throws Exception {
        LivePanelIni ini = ini("top = level\n[custom]\nanything = ture\n[mail]\nsmarthost.server.enabled = off\n");
        assertEquals(List.of(), ini.problems());
        assertEquals(Optional.of("ture"), ini.get("custom", "anything"), "values nobody declared are handed over as written");
        assertFalse(ini.getBoolean(SERVER_ENABLED));
    }

    @Test
    void aRefusedValueIsQuotedWithoutTheSecretsAUrlMayHold() throws Exception {
        LivePanelIni ini = ini("[mail]\nsmarthost.smartermail.url = https://admin:s3cret@mail.example.com/\n");
        assertEquals(1, ini.problems().size());
        String problem = ini.problems().get(0);
        assertTrue(problem.startsWith("panel.ini:2: smarthost.smartermail.url: \"https://***@mail.example.com/\" is not allowed"), problem);
        assertTrue(problem.endsWith("ignored, as if unset"), problem);
        assertFalse(problem.contains("s3cret"), problem);
        assertEquals(Optional.empty(), ini.get(SMARTERMAIL_URL));
    }

    @Test
    void keysOfAPluginAreCheckedOnceItDeclaresThemAndNoLongerAfter() throws Exception {
        Files.writeString(dir.resolve("panel.ini"), "[mail]\nsmarthost.server.enabled = ture\n");
        AtomicReference<List<IniKey>> pluginKeys = new AtomicReference<>(List.of());
        LivePanelIni ini = new LivePanelIni(dir.resolve("panel.ini"), () -> schema(pluginKeys.get()));
        assertEquals(List.of(), ini.problems(), "[mail] is nobody's yet");
        pluginKeys.set(PLUGIN_KEYS);
        ini.schemaChanged();
        assertEquals(1, ini.problems().size(), ini.problems().toString());
        assertTrue(ini.getBoolean(SERVER_ENABLED));
        pluginKeys.set(List.of());
        ini.schemaChanged();
        assertEquals(List.of(), ini.problems());
    }

    @Test
    void theListFollowsTheFile() throws Exception {
        LivePanelIni ini = ini("[mail]\nsmarthost.server.enabled = ture\n");
        assertEquals(1, ini.report().size());
        Files.writeString(dir.resolve("panel.ini"), "[mail]\nsmarthost.server.enabled = false\n");
        Files.setLastModifiedTime(dir.resolve("panel.ini"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of(), ini.reload());
        assertFalse(ini.getBoolean(SERVER_ENABLED));
    }

    @Test
    void eachProblemIsLoggedWhenItAppearsAtStartAndOnALiveReload() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            LivePanelIni ini = ini("[web]\nport = 70000\n");
            String atStart = err.toString(StandardCharsets.UTF_8);
            assertTrue(atStart.contains("panel.ini:2: port: \"70000\" is not allowed"), atStart);
            ini.reload();
            assertEquals(atStart, err.toString(StandardCharsets.UTF_8), "the same problem is not logged twice");
            Files.writeString(dir.resolve("panel.ini"), "[web]\nport = 70000\nsession_minutes = 0\n");
            Files.setLastModifiedTime(dir.resolve("panel.ini"), FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(600);
            assertEquals(2, ini.report().size(), "re-read on change");
            String afterEdit = err.toString(StandardCharsets.UTF_8).substring(atStart.length());
            assertTrue(afterEdit.contains("panel.ini:3: session_minutes: \"0\" is not allowed"), afterEdit);
            assertFalse(afterEdit.contains("port"), afterEdit);
        } finally {
            System.setErr(original);
        }
    }
}
