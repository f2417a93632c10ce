package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every class the panel runs with must load on Java 17 (class-file major version 61 or lower): one
 * Jersey 4.0.x release shipped Java 21 bytecode. Scans every jar of the test class path (the panel's
 * runtime jars plus test helpers, minus JUnit, Selenium and Surefire); classes under
 * {@code META-INF/versions/} are skipped because Java 17 ignores those newer than itself.
 */
class RuntimeBytecodeTest {

    private static final int JAVA_17 = 61;

    @Test
    void noRuntimeClassIsNewerThanJava17() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && !entry.contains("junit") && !entry.contains("selenium") && !entry.contains("surefire")) {
                jars.add(Path.of(entry));
            }
        }
        assertTrue(jars.stream().anyMatch(j -> j.getFileName().toString().startsWith("jersey-server")), "scan sees Jersey: " + jars);
        List<String> tooNew = new ArrayList<>();
        int scanned = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")) {
                        continue;
                    }
                    scanned++;
                    int major = major(file.getInputStream(e));
                    if (major > JAVA_17) {
                        tooNew.add(jar.getFileName() + "!" + e.getName() + " (class file " + major + ")");
                        break;
                    }
                }
            }
        }
        System.out.printf("scanned %d classes in %d jars%n", scanned, jars.size());
        assertTrue(tooNew.isEmpty(), "classes too new for Java 17:\n" + String.join("\n", tooNew));
    }

    private static int major(InputStream in) throws IOException {
        try (DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
