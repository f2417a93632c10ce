package io.smarthost.windows.mailenable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.RecordingRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegExeRegistryTest {

    static final String KEY = MailEnableValueNames.SMTP_KEY_64;

    @TempDir
    Path dir;

    @Test
    void writesEverythingThroughOneOwnerOnlyRegFileAndNeverPutsTheSecretInArgv() throws Exception {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(0, "",
                "The operation completed successfully."));
        List<byte[]> importedFiles = new ArrayList<>();
        List<String> importedModes = new ArrayList<>();
        runner.afterEach(c -> {
            Path file = Path.of(c.argv().get(2));
            importedFiles.add(Files.readAllBytes(file));
            importedModes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        });
        Map<String, Optional<RegistryValue>> changes = new LinkedHashMap<>();
        changes.put("Use Smart Host", Optional.of(RegistryValue.dword(1)));
        changes.put("Smart Host", Optional.of(RegistryValue.text("smtp.sendgrid.net")));
        changes.put("Smart Host Port", Optional.of(RegistryValue.dword(587)));
        changes.put("Smart Host Password", Optional.of(RegistryValue.secret(Secret.of("p\"a\\ss"))));
        changes.put("Smart Host Username", Optional.empty());

        new RegExeRegistry(runner, dir, Duration.ofSeconds(5)).apply(KEY, changes);

        assertEquals(1, runner.commands().size());
        List<String> argv = runner.commands().get(0).argv();
        assertEquals(List.of("reg.exe", "import"), argv.subList(0, 2));
        assertTrue(argv.get(2).startsWith(dir.toString()) && argv.get(2).endsWith(".reg"));
        assertFalse(String.join(" ", argv).contains("p\"a\\ss"));
        assertEquals(0, runner.commands().get(0).stdin().length);
        assertEquals("rw-------", importedModes.get(0));
        byte[] file = importedFiles.get(0);
        assertEquals(List.of((byte) 0xFF, (byte) 0xFE), List.of(file[0], file[1]), "UTF-16LE byte order mark");
        String text = new String(Arrays.copyOfRange(file, 2, file.length), StandardCharsets.UTF_16LE);
        assertEquals("Windows Registry Editor Version 5.00\r\n\r\n"
                + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Mail Enable\\Mail Enable\\Connectors\\SMTP]\r\n"
                + "\"Smart Host\"=\"smtp.sendgrid.net\"\r\n"
                + "\"Smart Host Password\"=\"p\\\"a\\\\ss\"\r\n"
                + "\"Smart Host Port\"=dword:0000024b\r\n"
                + "\"Smart Host Username\"=-\r\n"
                + "\"Use Smart Host\"=dword:00000001\r\n", text);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the .reg file is deleted after the import");
        }
    }

    @Test
    void deletesTheRegFileEvenWhenTheImportFails() throws Exception {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(1, "",
                "ERROR: Error accessing the registry."));
        WindowsRegistry.RegistryException e = assertThrows(WindowsRegistry.RegistryException.class,
                () -> new RegExeRegistry(runner, dir, Duration.ofSeconds(5))
                        .apply(KEY, Map.of("Smart Host Password", Optional.of(RegistryValue.secret(Secret.of("s3cret"))))));
        assertTrue(e.getMessage().contains("Error accessing the registry"));
        assertFalse(e.getMessage().contains("s3cret"));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void refusesALineBreakInAValueWithoutShowingIt() {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(0, "", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegExeRegistry(runner, dir, Duration.ofSeconds(5)).apply(KEY,
                        Map.of("Smart Host Password", Optional.of(RegistryValue.secret(Secret.of("a\nb"))))));
        assertEquals("value of Smart Host Password contains a line break or NUL, which a .reg file cannot hold",
                e.getMessage());
        assertTrue(runner.commands().isEmpty());
    }

    @Test
    void readsValuesFromRegQueryOutput() throws Exception {
        String output = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Mail Enable\\Mail Enable\\Connectors\\SMTP\r\n"
                + "    Host Name    REG_SZ    mail.example.net\r\n"
                + "    Smart Host Port    REG_DWORD    0x24b\r\n"
                + "    Smart Host Username    REG_SZ    \r\n"
                + "    Blob    REG_BINARY    00FF\r\n\r\n"
                + "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Mail Enable\\Mail Enable\\Connectors\\SMTP\\White List\r\n";
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(0, output, ""));
        Map<String, RegistryValue> values = new RegExeRegistry(runner, dir, Duration.ofSeconds(5)).values(KEY);
        assertEquals(List.of("reg.exe", "query", KEY), runner.commands().get(0).argv());
        assertEquals(RegistryValue.text("mail.example.net"), values.get("host name"));
        assertEquals(RegistryValue.dword(587), values.get("Smart Host Port"));
        assertEquals(RegistryValue.text(""), values.get("Smart Host Username"));
        assertEquals(new RegistryValue.Other("REG_BINARY"), values.get("Blob"), "listed with its type (for the probe)");
        assertEquals("REG_BINARY", values.get("Blob").type());
        assertEquals(4, values.size());
    }

    @Test
    void keyExistsFollowsRegQueryExitCode() throws Exception {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(1, "",
                "ERROR: The system was unable to find the specified registry key or value."));
        assertFalse(new RegExeRegistry(runner, dir, Duration.ofSeconds(5)).keyExists(KEY));
    }
}
