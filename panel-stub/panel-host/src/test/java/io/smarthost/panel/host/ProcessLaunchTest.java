package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessLaunchTest {
    private static final Runtime.Version JDK17 = Runtime.Version.parse("17.0.15");

    @Test
    void vforkOnLinuxWithAJdkThatOffersItUndeprecated() {
        Properties p = new Properties();
        assertEquals(Optional.of("VFORK"), ProcessLaunch.prefer(JDK17, "Linux", p));
        assertEquals("VFORK", p.getProperty(ProcessLaunch.PROPERTY));
        assertEquals(Optional.of("VFORK"), ProcessLaunch.prefer(Runtime.Version.parse("24"), "Linux", new Properties()));
    }

    @Test
    void anAdminsOwnChoiceWins() {
        Properties p = new Properties();
        p.setProperty(ProcessLaunch.PROPERTY, "POSIX_SPAWN");
        assertEquals(Optional.empty(), ProcessLaunch.prefer(JDK17, "Linux", p));
        assertEquals("POSIX_SPAWN", p.getProperty(ProcessLaunch.PROPERTY));
    }

    @Test
    void leftAloneWhereTheJdkDeprecatedOrRemovedItOrOffOfLinux() {
        for (String version : new String[] {"25", "26.0.1", "11.0.2"}) {
            Properties p = new Properties();
            assertEquals(Optional.empty(), ProcessLaunch.prefer(Runtime.Version.parse(version), "Linux", p), version);
            assertNull(p.getProperty(ProcessLaunch.PROPERTY));
        }
        for (String os : new String[] {"Windows Server 2022", "Mac OS X"}) {
            Properties p = new Properties();
            assertEquals(Optional.empty(), ProcessLaunch.prefer(JDK17, os, p), os);
            assertNull(p.getProperty(ProcessLaunch.PROPERTY));
        }
    }

    /**
     * A JVM that chose this way starts programs with the mechanism chosen (the JDK's own field, read back), feeds
     * their input and reads their output; where nothing is chosen (JDK 25+, not Linux) it keeps the JDK's default.
     */
    @Test
    @Timeout(60)
    void aJvmThatChoseRunsProgramsWithThatMechanism() throws Exception {
        Optional<String> chosen = ProcessLaunch.prefer(Runtime.version(), System.getProperty("os.name", ""), new Properties());
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator
                + Path.of(ProcessLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder pb = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", classes,
                Probe.class.getName()).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("cat said: fed through stdin"), out);
        if (chosen.isPresent()) {
            assertTrue(out.contains("started with " + chosen.get()), out);
        }
    }

    /** Run in a child JVM by the test above. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            ProcessLaunch.preferForThisJvm();
            Process cat = new ProcessBuilder("cat").start();
            try (var in = cat.getOutputStream()) {
                in.write("fed through stdin".getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("cat said: " + new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            // the mechanism the JDK took, from its own field (read once, when it started its first program)
            Field mechanism = Class.forName("java.lang.ProcessImpl").getDeclaredField("launchMechanism");
            mechanism.setAccessible(true);
            System.out.println("started with " + mechanism.get(null));
            System.exit(cat.waitFor());
        }
    }
}
