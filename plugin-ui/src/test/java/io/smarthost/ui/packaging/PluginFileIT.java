package io.smarthost.ui.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.PluginContext;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.ui.testing.CheckerThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginState;

/**
 * The build check of the plugin file {@code target/smarthost-VERSION.zip} (runs after {@code package}):
 * a PF4J layout with the right descriptor; every part ({@code classes/} and each {@code lib/} jar)
 * holding {@code @Extension} classes carries a {@code META-INF/extensions.idx} naming each of them;
 * {@code lib/} holds no jar the host supplies; no class in it is newer than Java 17; and a real panel
 * loads and starts it.
 */
class PluginFileIT {

    private static final String EXTENSION_DESCRIPTOR = "Lorg/pf4j/Extension;";
    /** Class-file major version of Java 17, the oldest Java the panel runs on. */
    private static final int JAVA_17 = 61;

    private static Path zip() {
        String file = System.getProperty("smarthost.pluginZip");
        assertNotNull(file, "run through Maven (failsafe sets smarthost.pluginZip)");
        Path zip = Path.of(file);
        assertTrue(Files.isRegularFile(zip), zip + " was not built: run mvn package");
        return zip;
    }

    @Test
    void descriptorNamesThePluginItsClassAndThePanelVersionItNeeds() throws IOException {
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            ZipEntry entry = zip.getEntry("plugin.properties");
            assertNotNull(entry, "plugin.properties at the root of the zip");
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(in);
            }
            assertEquals("smarthost", p.getProperty("plugin.id"));
            assertEquals("io.smarthost.ui.SmarthostPlugin", p.getProperty("plugin.class"));
            assertTrue(p.getProperty("plugin.requires").matches(">=\\d+\\.\\d+\\.\\d+"), p.getProperty("plugin.requires"));
            assertTrue(!p.getProperty("plugin.version").contains("${"), "plugin.version filled in");
            assertNotNull(zip.getEntry("classes/io/smarthost/ui/SmarthostPlugin.class"), "plugin class under classes/");
        }
    }

    @Test
    void everyPartWithExtensionsHasAnIndexListingThem() throws IOException {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            Map<String, Set<String>> annotated = new HashMap<>();
            Set<String> classesIndex = new HashSet<>();
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                byte[] data = zip.getInputStream(e).readAllBytes();
                if (e.getName().startsWith("classes/") && e.getName().endsWith(".class") && isExtension(data)) {
                    annotated.computeIfAbsent("classes/", k -> new HashSet<>()).add(className(e.getName().substring(8)));
                } else if (e.getName().equals("classes/META-INF/extensions.idx")) {
                    classesIndex.addAll(indexLines(data));
                } else if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    checkJar(e.getName(), data, problems);
                }
            }
            for (String cls : annotated.getOrDefault("classes/", Set.of())) {
                if (!classesIndex.contains(cls)) {
                    problems.add("classes/: @Extension " + cls + " is missing from META-INF/extensions.idx");
                }
            }
        }
        assertTrue(problems.isEmpty(), "PF4J would not find these extensions (compile with org.pf4j.processor."
                + "ExtensionAnnotationProcessor):\n" + String.join("\n", problems));
    }

    private static void checkJar(String name, byte[] jar, List<String> problems) throws IOException {
        Set<String> annotated = new HashSet<>();
        Set<String> index = null;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (e.getName().endsWith(".class") && isExtension(data)) {
                    annotated.add(className(e.getName()));
                } else if (e.getName().equals("META-INF/extensions.idx")) {
                    index = indexLines(data);
                }
            }
        }
        for (String cls : annotated) {
            if (index == null || !index.contains(cls)) {
                problems.add(name + ": @Extension " + cls + (index == null ? " but the jar has no META-INF/extensions.idx"
                        : " is missing from its META-INF/extensions.idx"));
            }
        }
    }

    @Test
    void libHoldsNothingTheHostSupplies() throws IOException {
        Set<String> supplied = hostSuppliedArtifactIds();
        assertTrue(supplied.contains("pf4j") && supplied.contains("panel-api"), "host list read: " + supplied);
        List<String> clashes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    String artifact = e.getName().substring(4).replaceFirst("-\\d[^/]*\\.jar$", "");
                    if (supplied.contains(artifact)) {
                        clashes.add(e.getName());
                    }
                }
            }
        }
        assertTrue(clashes.isEmpty(), "lib/ bundles jars the host already supplies (make them 'provided'): " + clashes);
    }

    /**
     * The panel runs on Java 17: a bundled library (dnsjava, plugin-core...) compiled for a newer Java
     * would fail only when its class is first loaded. Entries under {@code META-INF/versions/} are
     * multi-release variants that Java 17 ignores when they target a newer release.
     */
    @Test
    void noClassInThePluginIsNewerThanJava17() throws IOException {
        List<String> tooNew = new ArrayList<>();
        // classes scanned per part ("classes/" and each lib/ jar), to prove the scan saw them all
        Map<String, Integer> scanned = new java.util.TreeMap<>();
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("classes/") && e.getName().endsWith(".class")
                        && !e.getName().startsWith("classes/META-INF/versions/")) {
                    scanned.merge("classes/", 1, Integer::sum);
                    int major = major(zip.getInputStream(e).readNBytes(8), e.getName());
                    if (major > JAVA_17) {
                        tooNew.add(e.getName() + " (class file " + major + ")");
                    }
                } else if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    scanned.put(e.getName(), 0);
                    try (JarInputStream in = new JarInputStream(zip.getInputStream(e))) {
                        for (ZipEntry c = in.getNextEntry(); c != null; c = in.getNextEntry()) {
                            if (!c.getName().endsWith(".class") || c.getName().startsWith("META-INF/versions/")) {
                                continue;
                            }
                            scanned.merge(e.getName(), 1, Integer::sum);
                            int major = major(in.readNBytes(8), e.getName() + "!" + c.getName());
                            if (major > JAVA_17) {
                                tooNew.add(e.getName() + "!" + c.getName() + " (class file " + major + ")");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(scanned.getOrDefault("classes/", 0) > 0 && scanned.keySet().stream().anyMatch(k -> k.startsWith("lib/dnsjava-"))
                && scanned.values().stream().allMatch(n -> n > 0), "the scan saw classes/ and every lib/ jar: " + scanned);
        assertTrue(tooNew.isEmpty(), "classes too new for Java 17 (class file > " + JAVA_17 + "); pin an older release "
                + "or compile with --release 17:\n" + String.join("\n", tooNew));
    }

    /** The major version from a class file's first 8 bytes (magic, minor, major). */
    private static int major(byte[] head, String name) {
        assertTrue(head.length == 8 && (head[0] & 0xff) == 0xCA && (head[1] & 0xff) == 0xFE
                && (head[2] & 0xff) == 0xBA && (head[3] & 0xff) == 0xBE, name + " is not a class file");
        return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    }

    @Test
    void aRealPanelLoadsAndStartsIt(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).plugin(zip()).withoutWeb().start()) {
            var plugin = panel.panel().plugins().getPlugin("smarthost");
            assertNotNull(plugin, "plugin loaded; refused: " + panel.panel().plugins().problems());
            assertEquals(PluginState.STARTED, plugin.getPluginState());
            assertTrue(panel.panel().plugins().problems().isEmpty(), panel.panel().plugins().problems().toString());
        }
    }

    /**
     * Issue 13 item 3, with the real plugin file: stopping the plugin closes its context, whose checker threads
     * end (PF4J stop, as an update or a disable from the catalogue does), and a start gets a fresh context.
     */
    @Test
    void stoppingThePluginEndsItsCheckerThreadsAndAStartGetsAFreshContext(@TempDir Path home) throws Exception {
        Set<Thread> before = CheckerThreads.alive();
        try (TestRelay relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of());
             TestPanel panel = TestPanel.builder(home).plugin(zip()).withoutWeb().start()) {
            PluginContext first = panel.panel().services("smarthost").context();
            panel.cli("smarthost", "--check", "-host", "[127.0.0.1]", "-port", Integer.toString(relay.port()),
                    "-encryption", "none", "-auth", "false");
            Set<Thread> checking = new HashSet<>(CheckerThreads.alive());
            checking.removeAll(before);
            assertFalse(checking.isEmpty(), "the check ran on the plugin's checker");

            assertEquals(PluginState.STOPPED, panel.panel().plugins().stopPlugin("smarthost"));
            assertTrue(first.isClosed(), "the host closed the stopped plugin's context");
            CheckerThreads.assertEnd(checking, "the stopped plugin's checker threads end");

            assertEquals(PluginState.STARTED, panel.panel().plugins().startPlugin("smarthost"));
            PluginContext second = panel.panel().services("smarthost").context();
            assertNotSame(first, second);
            assertFalse(second.isClosed());
            assertEquals(0, panel.cli("smarthost", "--info").exitCode(), "the started plugin works with its new context");
        }
    }

    /** artifactIds from panel-host's {@code META-INF/panel-host/supplied-artifacts.txt}, plus panel-host itself. */
    private static Set<String> hostSuppliedArtifactIds() throws IOException {
        Set<String> ids = new HashSet<>(Set.of("panel-host"));
        try (InputStream in = TestPanel.class.getClassLoader().getResourceAsStream("META-INF/panel-host/supplied-artifacts.txt")) {
            assertNotNull(in, "panel-host jar lacks META-INF/panel-host/supplied-artifacts.txt");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.strip().split(":");
                if (parts.length >= 4) {
                    ids.add(parts[1]);
                }
            }
        }
        return ids;
    }

    private static boolean isExtension(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(EXTENSION_DESCRIPTOR);
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    private static Set<String> indexLines(byte[] data) {
        Set<String> out = new HashSet<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
