package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

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

    /** A JVM that chose VFORK this way still starts programs, feeds their input and reads their output. */
    @Test
    void aJvmThatChoseVforkRunsPrograms() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("mechanism VFORK") && out.contains("cat said: fed through stdin"), out);
    }

    /** Run in a child JVM by the test above. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            ProcessLaunch.preferForThisJvm();
            System.out.println("mechanism " + System.getProperty(ProcessLaunch.PROPERTY));
            Process cat = new ProcessBuilder("cat").start();
            try (var in = cat.getOutputStream()) {
                in.write("fed through stdin".getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("cat said: " + new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            System.exit(cat.waitFor());
        }
    }
}
