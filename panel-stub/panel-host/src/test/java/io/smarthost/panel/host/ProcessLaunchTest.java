package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessLaunchTest {

    @Test
    void vforkChosenByAnAdminIsWarnedAbout() {
        for (String chosen : new String[] {"VFORK", "vfork", " VFork "}) {
            Properties p = new Properties();
            p.setProperty(ProcessLaunch.PROPERTY, chosen);
            String warning = ProcessLaunch.warning(p).orElseThrow();
            assertTrue(warning.contains("deprecates VFORK as dangerous") && warning.contains("PANEL_JAVA_OPTS"), warning);
        }
    }

    @Test
    void otherChoicesAndNoneAreNotWarnedAbout() {
        assertEquals(Optional.empty(), ProcessLaunch.warning(new Properties()));
        for (String chosen : new String[] {"POSIX_SPAWN", "FORK"}) {
            Properties p = new Properties();
            p.setProperty(ProcessLaunch.PROPERTY, chosen);
            assertEquals(Optional.empty(), ProcessLaunch.warning(p), chosen);
        }
    }

    /**
     * The panel's own {@code main} chooses no launch mechanism: a JVM that ran it (stopped at its first refusal, a
     * missing port, as the VFORK choice was its first line) starts programs with the JDK's default, {@code
     * POSIX_SPAWN} on Linux (the JDK's own field, read back), and feeds and reads them.
     */
    @Test
    @Timeout(60)
    void thePanelsMainKeepsTheJdksDefault() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator
                + System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", classes,
                Probe.class.getName()).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("--port needs a value"), "the panel's main ran: " + out);
        assertTrue(out.contains("cat said: fed through stdin"), out);
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            assertTrue(out.contains("started with POSIX_SPAWN"), out);
        }
    }

    /** Run in a child JVM by the test above: the panel's main, then (as it exits) a program started. */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(Probe::startAProgram));
            PanelMain.main(new String[] {"start", "--port"});
        }

        private static void startAProgram() {
            try {
                Process cat = new ProcessBuilder("cat").start();
                try (var in = cat.getOutputStream()) {
                    in.write("fed through stdin".getBytes(StandardCharsets.UTF_8));
                }
                System.out.println("cat said: " + new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                cat.waitFor();
                // the mechanism the JDK took, from its own field (read once, when it started its first program)
                Field mechanism = Class.forName("java.lang.ProcessImpl").getDeclaredField("launchMechanism");
                mechanism.setAccessible(true);
                System.out.println("started with " + mechanism.get(null));
            } catch (Exception e) {
                System.out.println("probe failed: " + e);
            }
            System.out.flush();
        }
    }
}
