package io.smarthost.ui.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "One truth": the panel's home (database, secret key and the sandbox Postfix folder) on a small
 * file system made for this test (a tmpfs inside a mount namespace of its own: {@code unshare -m}, so
 * nothing outside the test sees it), filled to the last byte. Every change then either fails with a
 * clear error and changes nothing, or is acknowledged; once space is back and the panel restarted, the
 * store and the mail server agree and every acknowledged change is there.
 */
class DiskFullIT {
    static final List<String> DOMAINS = List.of("example.com", "example.net", "shop.example.org");

    @TempDir
    Path base;
    Process holder;

    @AfterEach
    void releaseNamespace() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A process that keeps a mount namespace with a tmpfs on {@code mount}; returns its pid. */
    private long namespaceWithTmpfs(Path mount, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(mount);
        holder = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=" + megabytes + "m,mode=0755 tmpfs \"$0\" && echo ready && exec sleep 3600",
                mount.toString()).redirectErrorStream(true).start();
        String ready = new String(holder.getInputStream().readNBytes(6));
        assertEquals("ready\n", ready, "unshare -m and mount -t tmpfs need root: " + ready);
        return holder.pid();
    }

    @Test
    void aFullDiskRefusesChangesCleanlyOrKeepsThemAndNothingIsMixed() throws Exception {
        Path mount = base.resolve("small-disk");
        long pid = namespaceWithTmpfs(mount, 40);
        Path view = Path.of("/proc/" + pid + "/root").resolve(mount.toString().substring(1));
        ConvergenceChecks checks = new ConvergenceChecks(DOMAINS);
        try (PanelProcesses panel = new PanelProcesses(base, mount.resolve("home"), view.resolve("home"),
                List.of("nsenter", "-t", Long.toString(pid), "-m", "--"))) {
            panel.startServer();
            checks.change(panel, "server", "relay-0.example");
            for (String d : DOMAINS) {
                checks.change(panel, d, "relay-0.example");
            }
            checks.assertConverged(panel, "initial state");

            Path filler = view.resolve("filler");
            long filled = fill(filler);
            assertTrue(filled > 0, "the disk was filled");

            List<String> outcomes = new ArrayList<>();
            int refused = 0;
            for (int i = 1; i <= 6; i++) {
                String relay = "full-" + i + ".example";
                String scope = i % 3 == 0 ? "server" : DOMAINS.get(i % DOMAINS.size());
                PanelProcesses.Answer a = panel.api("PUT", scope.equals("server") ? "server" : "domains/" + scope,
                        ConvergenceChecks.body(relay), Duration.ofSeconds(120));
                boolean acknowledged = a.status() == 200;
                checks.record(scope, relay, acknowledged);
                outcomes.add(scope + " -> " + a.status() + " " + a.body().replace('\n', ' '));
                if (!acknowledged) {
                    refused++;
                    assertTrue(a.status() >= 500 && a.json() != null && a.json().has("errors"),
                            "a refusal is a JSON error, not a crash page: " + a.body());
                    String message = a.json().get("errors").get(0).get("message").asText();
                    assertTrue(message.contains("nothing was changed") || message.contains("next start or change"),
                            "the error says what became of the change: " + message);
                    if (message.contains("nothing was changed")) {
                        // refused with nothing changed: this scope still has what it had before
                        PanelProcesses.Answer now = panel.api("GET", scope.equals("server") ? "server" : "domains/" + scope,
                                null, Duration.ofSeconds(30));
                        if (now.status() == 200) {
                            assertTrue(!now.json().get("settings").get("host").asText().contains(relay),
                                    "refused, yet stored: " + now.body());
                        }
                    }
                }
            }
            System.out.println("DiskFullIT: " + refused + " of 6 changes refused on a full disk: " + outcomes);
            assertTrue(refused > 0, "a full disk refused nothing: " + outcomes);

            // space comes back; the panel is restarted (H2 closes a database it could not write)
            Files.delete(filler);
            panel.killServer();
            panel.startServer();
            checks.assertConverged(panel, "space back and restart, after " + outcomes);
            // and the panel works again
            checks.change(panel, "example.com", "after-full.example");
            checks.assertConverged(panel, "a change after the disk was full");
        }
    }

    /** Writes zeros to {@code file} until the file system is full; returns the bytes written. */
    private static long fill(Path file) {
        long written = 0;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            return written;
        }
    }
}
