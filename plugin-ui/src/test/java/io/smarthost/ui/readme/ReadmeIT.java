package io.smarthost.ui.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.spf.TestDnsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README runs as written: its shell blocks (indented or fenced {@code sh}/{@code bash}), in order,
 * in one bash session from the repository's root, with a fresh home ({@code PANEL_HOME}) and a free port
 * in place of 8880. {@code ./panel start} runs in the background (waited for until it answers),
 * {@code ./panel test} and {@code ./panel bench} are not run (this test is part of the first). Each
 * command must exit 0, or the code its own trailing {@code # exit N} comment gives. A block preceded by
 * {@code <!-- readme-test: skip: REASON -->} is not run. No traffic leaves the machine: the SPF lookups
 * go to a DNS server on 127.0.0.1 (panel.ini, written after the start created the home).
 */
class ReadmeIT {

    private static final Pattern EXPECTED = Pattern.compile("#\\s*exit\\s+(\\d+)");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(sh|bash|shell)?\\s*$");

    @TempDir
    Path temp;

    /** One command of the README: where it is, its text (continuations joined), the exit code it must give. */
    record Command(int line, String text, int expected) {
    }

    /** The commands of the README's shell blocks, in order, without those of blocks marked to skip. */
    static List<Command> commands(List<String> readme) {
        List<Command> commands = new ArrayList<>();
        boolean fenced = false;
        boolean fencedShell = false;
        int indent = -1;
        String previous = "";
        String lastNonBlank = "";
        boolean skip = false;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            Matcher fence = FENCE.matcher(line);
            int leading = line.length() - line.stripLeading().length();
            if (fence.matches() && (fenced || leading < 4)) {
                indent = -1;
                if (!fenced) {
                    fenced = true;
                    fencedShell = fence.group(1) != null;
                    skip = lastNonBlank.contains("readme-test: skip");
                } else {
                    fenced = false;
                }
                previous = line;
                lastNonBlank = line;
                continue;
            }
            boolean inBlock;
            if (fenced) {
                inBlock = fencedShell;
            } else {
                int lead = line.length() - line.stripLeading().length();
                if (indent >= 0 && (line.isBlank() || lead >= indent)) {
                    inBlock = true;
                } else if (!line.isBlank() && lead >= 4 && (previous.isBlank() || previous.contains("readme-test:"))) {
                    indent = lead;
                    skip = lastNonBlank.contains("readme-test: skip");
                    inBlock = true;
                } else {
                    indent = -1;
                    inBlock = false;
                }
            }
            if (inBlock && !skip) {
                String text = line.strip();
                if (pending != null) {
                    pending.append(' ').append(text);
                } else if (!text.isEmpty() && !text.startsWith("#")) {
                    pending = new StringBuilder(text);
                    pendingLine = i + 1;
                }
                if (pending != null && pending.toString().endsWith("\\")) {
                    pending.setLength(pending.length() - 1);
                } else if (pending != null) {
                    String command = pending.toString().strip();
                    Matcher m = EXPECTED.matcher(command);
                    commands.add(new Command(pendingLine, command, m.find() ? Integer.parseInt(m.group(1)) : 0));
                    pending = null;
                }
            }
            previous = line;
            if (!line.isBlank()) {
                lastNonBlank = line;
            }
        }
        return commands;
    }

    @Test
    void readsTheBlocksAsTheyStand() {
        List<Command> c = commands(List.of("Text", "", "    ./panel start   # runs", "    ./panel bin a \\", "        -b c",
                "", "<!-- readme-test: skip: why -->", "    ./panel bin skipped", "", "```sh", "./panel bin x   # exit 2",
                "```", "", "```", "not shell", "```", "  - item", "", "      ./panel bin in-a-list"));
        assertEquals(List.of("./panel start   # runs", "./panel bin a  -b c", "./panel bin x   # exit 2",
                "./panel bin in-a-list"), c.stream().map(Command::text).toList());
        assertEquals(List.of(0, 0, 2, 0), c.stream().map(Command::expected).toList());
    }

    @Test
    void theReadmeRunsAsWritten() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertNotNull(zip, "run through Maven (failsafe sets smarthost.pluginZip)");
        Path root = Path.of(zip).toAbsolutePath().getParent().getParent().getParent();
        List<Command> commands = commands(Files.readAllLines(root.resolve("README.md")));
        assertTrue(commands.size() >= 20, "the README's blocks were not found: " + commands);
        Path home = temp.resolve("home");
        Path outputs = Files.createDirectories(temp.resolve("out"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> skipped = new ArrayList<>();
        try (TestDnsServer dns = TestDnsServer.start()) {
            StringBuilder script = new StringBuilder("cd '" + root + "'\n");
            for (int i = 0; i < commands.size(); i++) {
                String text = commands.get(i).text().replace("127.0.0.1:8880", "127.0.0.1:" + port);
                String out = outputs.resolve(Integer.toString(i)).toString();
                if (text.matches("\\./panel (test|bench)\\b.*")) {
                    skipped.add(text);
                    script.append("echo '").append(i).append(" 0' >> '").append(outputs).append("/codes'\n");
                } else if (text.matches("\\./panel start\\b.*")) {
                    script.append("./panel start --port ").append(port).append(" > '").append(out).append("' 2>&1 < /dev/null &\n")
                            .append("echo $! > '").append(outputs).append("/server.pid'\n")
                            .append("for t in $(seq 360); do kill -0 $(cat '").append(outputs).append("/server.pid') 2>/dev/null || break; ")
                            .append("curl -s -o /dev/null http://127.0.0.1:").append(port).append("/login && break; sleep 0.5; done\n")
                            .append("curl -s -o /dev/null http://127.0.0.1:").append(port).append("/login; echo \"").append(i)
                            .append(" $?\" >> '").append(outputs).append("/codes'\n")
                            // SPF lookups to the test's DNS server on 127.0.0.1, never to the Internet
                            .append("printf '\\n[mail]\\nsmarthost.spf.resolver = 127.0.0.1:").append(dns.address().getPort())
                            .append("\\nsmarthost.spf.timeout_ms = 1000\\n' >> \"$PANEL_HOME/panel.ini\"\n");
                } else {
                    script.append("{ ").append(text).append("\n} > '").append(out).append("' 2>&1 < /dev/null\n")
                            .append("echo \"").append(i).append(" $?\" >> '").append(outputs).append("/codes'\n");
                }
            }
            Files.writeString(temp.resolve("readme.sh"), script.toString());
            ProcessBuilder pb = new ProcessBuilder("bash", temp.resolve("readme.sh").toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("readme.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("PANEL_HOME", home.toString());
            env.put("PANEL_NO_BUILD", "1");
            env.put("PANEL_ADMIN_PASSWORD", "readme-admin-password-1");
            env.put("SENDGRID_API_KEY", "SG.readme-test-key");
            Process p = pb.start();
            try {
                assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the README's commands did not finish in 10 minutes");
            } finally {
                p.destroyForcibly();
                stopServer(outputs.resolve("server.pid"));
            }
        }
        Map<Integer, Integer> codes = new HashMap<>();
        if (Files.exists(outputs.resolve("codes"))) {
            for (String line : Files.readAllLines(outputs.resolve("codes"))) {
                String[] parts = line.strip().split(" ");
                codes.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            Integer code = codes.get(i);
            if (code == null || code != c.expected()) {
                failures.add("README.md:" + c.line() + ": " + c.text() + "\n  exit " + code + ", expected " + c.expected()
                        + "\n  " + output(outputs.resolve(Integer.toString(i))).replace("\n", "\n  "));
            }
        }
        assertEquals(List.of("./panel test       # install test prerequisites if missing, then mvn -B verify (the CI runs this)"),
                skipped, "only ./panel test is left out");
        assertTrue(failures.isEmpty(), failures.size() + " README command(s) failed as written:\n" + String.join("\n", failures));
    }

    private static String output(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "(not run)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void stopServer(Path pidFile) throws IOException, InterruptedException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            var server = ProcessHandle.of(pid);
            if (server.isPresent()) {
                server.get().destroy();
                try {
                    server.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    server.get().destroyForcibly();
                }
            }
        }
    }
}
