package io.smarthost.panel.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.PluginFileBuilder;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's IniKeys make its section checked while it runs; its reads get the declared defaults. */
class PluginIniKeysTest {

    @TempDir
    Path temp;

    @Test
    void aPluginsSectionIsCheckedWhileThePluginRunsAndItsReadsGetTheDefaults() {
        Path zip = Samples.zip(temp.resolve("build"));
        String ini = "[sample]\nsample.enabled = ture\nsample.greetings = 11\nsample.colour = red\n";
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(zip).ini(ini).withoutWeb().start()) {
            List<String> expected = List.of(
                    "panel.ini:2: sample.enabled: \"ture\" is not allowed: true or false (also on/off, yes/no, 1/0);"
                            + " the default (true) applies",
                    "panel.ini:3: sample.greetings: \"11\" is not allowed: a whole number from 1 to 10; the default (3) applies",
                    "panel.ini:4: sample.colour: unknown key in [sample], ignored");
            assertEquals(expected, panel.panel().ini().problems(), "checked at start");
            TestPanel.CliRun reload = panel.cli("settings", "--reload-ini");
            assertEquals(1, reload.exitCode());
            expected.forEach(p -> assertTrue(reload.out().contains(p + "\n"), reload.out()));
            assertEquals("enabled=true greetings=3", panel.cli("sample", "--ini").out().strip(), "defaults, not the bad values");

            assertEquals(0, panel.cli("extension", "--disable", "sample").exitCode());
            assertEquals(List.of(), panel.panel().ini().problems(), "[sample] is nobody's while the plugin is off");
            assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
            assertEquals(0, panel.cli("extension", "--enable", "sample").exitCode());
            assertEquals(expected, panel.panel().ini().problems(), "checked again once the plugin runs");
        }
    }

    @Test
    void aPluginWhoseDeclarationIsBrokenOwnsNothingAndThePanelStillOpens() {
        Path sources = temp.resolve("broken-src");
        PluginFileBuilder.write(sources.resolve("io/smarthost/broken/BrokenIniKeys.java"), """
                package io.smarthost.broken;

                import io.smarthost.panel.api.IniKey;
                import io.smarthost.panel.api.IniKeys;
                import java.util.List;
                import org.pf4j.Extension;

                @Extension
                public class BrokenIniKeys implements IniKeys {
                    static final IniKey PORT = IniKey.integer("broken", "port", 0, 1, 10, "its default is out of its range");

                    public List<IniKey> keys() {
                        return List.of(PORT);
                    }
                }
                """);
        Path zip = new PluginFileBuilder(sources, temp.resolve("build")).id("broken").version("1.0.0").requires(">=1.0.0")
                .buildZip("broken-1.0.0.zip");
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(zip).ini("[broken]\nport = x\n[web]\nprot = 1\n")
                .withoutWeb().start()) {
            assertEquals(List.of("panel.ini:4: prot: unknown key in [web], ignored; did you mean port?"), panel.panel().ini().problems());
        }
    }
}
