package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each host utility's list of commands (what a mistyped command is compared with) holds only commands the utility
 * runs: each one, given an option no command takes, is refused for that option, not as an unknown command; and a
 * mistyped one is answered with the command it was meant to be.
 */
class UtilityCommandsTest {

    static final Map<String, List<String>> UTILITIES = Map.of("domain", DomainUtility.COMMANDS, "user", UserUtility.COMMANDS,
            "extension", ExtensionUtility.COMMANDS, "settings", SettingsUtility.COMMANDS, "database", DatabaseUtility.COMMANDS,
            "apikey", ApiKeyUtility.COMMANDS);

    @Test
    void everyListedCommandIsOneTheUtilityRuns(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            UTILITIES.forEach((utility, commands) -> {
                assertFalse(commands.isEmpty(), utility);
                for (String command : commands) {
                    TestPanel.CliRun r = panel.cli(utility, "--" + command, "-zz-no-such-option");
                    assertEquals(2, r.exitCode(), utility + " --" + command + ": " + r.err());
                    assertFalse(r.err().contains("unknown command"), utility + " --" + command + ": " + r.err());
                }
                TestPanel.CliRun typo = panel.cli(utility, "--" + commands.get(0) + "x");
                assertTrue(typo.err().contains("unknown command --" + commands.get(0) + "x (did you mean --" + commands.get(0) + "?)"),
                        utility + ": " + typo.err());
            });
        }
    }
}
