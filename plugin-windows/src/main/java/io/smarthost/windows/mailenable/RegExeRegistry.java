package io.smarthost.windows.mailenable;

import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.api.services.CommandRunner.Result;
import io.smarthost.windows.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WindowsRegistry} through {@code reg.exe}, run by the panel's {@link CommandRunner}.
 *
 * <ul>
 *   <li>read: {@code reg.exe query <key>} and parse its {@code name  REG_TYPE  data} lines;</li>
 *   <li>write: one {@code reg.exe import <file>} of a {@code .reg} file (UTF-16LE with BOM, as
 *       {@code regedit} writes them) created owner-only in the plugin's data folder and deleted
 *       afterwards. Everything, passwords included, travels in that file: nothing but the file's
 *       path is ever an argument, and the import changes all values in one go.</li>
 * </ul>
 */
public final class RegExeRegistry implements WindowsRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RegExeRegistry.class);

    private static final Pattern VALUE_LINE = Pattern.compile("^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$");
    private static final String ROOT_SHORT = "HKLM\\";
    private static final String ROOT_LONG = "HKEY_LOCAL_MACHINE\\";

    private final CommandRunner runner;
    private final Path workDir;
    private final Duration timeout;

    /**
     * @param workDir where the short-lived {@code .reg} files are created (the plugin's data folder)
     */
    public RegExeRegistry(CommandRunner runner, Path workDir, Duration timeout) {
        this.runner = runner;
        this.workDir = workDir;
        this.timeout = timeout;
    }

    @Override
    public boolean keyExists(String key) throws RegistryException {
        Result result = run(List.of("reg.exe", "query", checkedKey(key)), null);
        // reg.exe: 0 = found, 1 = "unable to find the specified registry key or value"
        return result.ok();
    }

    @Override
    public Map<String, RegistryValue> values(String key) throws RegistryException {
        Result result = run(List.of("reg.exe", "query", checkedKey(key)), null);
        if (!result.ok()) {
            throw new RegistryException("reg.exe query " + key + " failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return parseQuery(result.stdout());
    }

    @Override
    public void apply(String key, Map<String, Optional<RegistryValue>> changes) throws RegistryException {
        if (changes.isEmpty()) {
            return;
        }
        byte[] content = regFile(checkedKey(key), changes);
        Path file = null;
        try {
            file = PrivateFiles.createTemp(workDir, "smarthost-", ".reg");
            Files.write(file, content);
            Result result = run(List.of("reg.exe", "import", file.toString()), null);
            if (!result.ok()) {
                throw new RegistryException("reg.exe import into " + key + " failed (exit " + result.exitCode()
                        + "): " + result.stderr().strip());
            }
        } catch (IOException e) {
            throw new RegistryException("cannot write the temporary .reg file in " + workDir + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** The {@code .reg} file that sets/deletes {@code changes} under {@code key}. */
    static byte[] regFile(String key, Map<String, Optional<RegistryValue>> changes) {
        StringBuilder text = new StringBuilder("Windows Registry Editor Version 5.00\r\n\r\n");
        text.append('[').append(ROOT_LONG).append(key.substring(ROOT_SHORT.length())).append("]\r\n");
        for (Map.Entry<String, Optional<RegistryValue>> change : new TreeMap<>(changes).entrySet()) {
            text.append(quoted(change.getKey(), "value name")).append('=');
            if (change.getValue().isEmpty()) {
                text.append('-');
            } else if (change.getValue().get() instanceof RegistryValue.Other other) {
                throw new IllegalArgumentException(change.getKey() + " is " + other.regType()
                        + ": the backend writes only REG_SZ and REG_DWORD values");
            } else if (change.getValue().get() instanceof RegistryValue.Dword dword) {
                text.append(String.format(Locale.ROOT, "dword:%08x", dword.value()));
            } else {
                text.append(quoted(change.getValue().get().data(), "value of " + change.getKey()));
            }
            text.append("\r\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_16LE));
        return bytes.toByteArray();
    }

    static Map<String, RegistryValue> parseQuery(String output) {
        Map<String, RegistryValue> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : output.split("\r?\n")) {
            Matcher m = VALUE_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String data = m.group(3) == null ? "" : m.group(3);
            switch (m.group(2)) {
                case "REG_DWORD" -> values.put(m.group(1), RegistryValue.dword(Long.decode(data.strip())));
                case "REG_SZ", "REG_EXPAND_SZ" -> values.put(m.group(1), RegistryValue.text(data));
                default -> values.put(m.group(1), new RegistryValue.Other(m.group(2))); // listed, never written
            }
        }
        return values;
    }

    private static String quoted(String text, String what) {
        for (char c : text.toCharArray()) {
            if (c == '\r' || c == '\n' || c == '\0') {
                // The name only: the text may be a password.
                throw new IllegalArgumentException(what + " contains a line break or NUL, which a .reg file cannot hold");
            }
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String checkedKey(String key) {
        if (key == null || !key.startsWith(ROOT_SHORT) || key.contains("\"") || key.contains("]")
                || key.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("registry key must start with HKLM\\ and hold no quote, ']' "
                    + "or control character: " + key);
        }
        return key;
    }

    private Result run(List<String> argv, byte[] stdin) throws RegistryException {
        try {
            Result result = runner.run(new Command(argv, stdin, timeout, null, null));
            if (result.timedOut()) {
                throw new RegistryException(argv.get(0) + " " + argv.get(1) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return result;
        } catch (IOException e) {
            throw new RegistryException("cannot run reg.exe: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Owner-only, but it may hold a password: say where it is so that it can be removed.
            LOG.warn("could not delete the temporary registry file {}: {}", file, e.getMessage());
        }
    }
}
