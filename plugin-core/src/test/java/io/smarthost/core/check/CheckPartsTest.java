package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.PanelIni;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check's smaller parts: panel.ini reading, texts, host-name matching, transcript masking, addresses. */
class CheckPartsTest {

    /** A minimal reader of a real panel.ini file, enough for the [mail] keys the check reads. */
    static final class IniFile implements PanelIni {
        private final Path file;
        private final Map<String, String> values = new HashMap<>();
        private final List<String> problems = new ArrayList<>();

        IniFile(Path file) throws IOException {
            this.file = file;
            String section = "";
            for (String line : Files.readAllLines(file)) {
                String t = line.trim();
                if (t.startsWith("[")) {
                    section = t.substring(1, t.indexOf(']')).toLowerCase(Locale.ROOT);
                } else if (t.contains("=") && !t.startsWith(";")) {
                    values.put(section + "/" + t.substring(0, t.indexOf('=')).trim().toLowerCase(Locale.ROOT),
                            t.substring(t.indexOf('=') + 1).trim());
                }
            }
        }

        @Override
        public Optional<String> get(String section, String key) {
            return Optional.ofNullable(values.get(section.toLowerCase(Locale.ROOT) + "/" + key.toLowerCase(Locale.ROOT)));
        }

        @Override
        public boolean getBoolean(String section, String key, boolean defaultValue) {
            return get(section, key).map(v -> v.equalsIgnoreCase("true")).orElse(defaultValue);
        }

        @Override
        public int getInt(String section, String key, int defaultValue, int min, int max) {
            try {
                int v = Integer.parseInt(get(section, key).orElse(""));
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // default below
            }
            get(section, key).ifPresent(v -> problems.add(key + ": " + v));
            return defaultValue;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public List<String> problems() {
            return problems;
        }
    }

    @Test
    void policyReadsPanelIni(@TempDir Path dir) throws IOException {
        Path ini = dir.resolve("panel.ini");
        Files.writeString(ini, """
                [mail]
                smarthost.allowUntrustedCertificate = true
                smarthost.check.connect_timeout = 5
                smarthost.check.total_timeout = 9999
                smarthost.check.customer_ports = 2526, 10025, nonsense, 70000
                smarthost.check.helo_name = mail.example.com
                smarthost.domain.enabled = false
                """);
        CheckPolicy policy = CheckPolicy.fromIni(new IniFile(ini));
        assertTrue(policy.allowUntrustedCertificate());
        assertEquals(Duration.ofSeconds(5), policy.connectTimeout());
        assertEquals(Duration.ofSeconds(30), policy.totalTimeout(), "out of range: default");
        assertEquals(Set.of(2526, 10025), policy.customerPorts());
        assertEquals(Optional.of("mail.example.com"), policy.heloName());
        assertFalse(policy.domainLevelEnabled());
        assertTrue(policy.trustStore().isEmpty(), "default: the JVM's trust store");
    }

    @Test
    void policyDefaultsWithAnEmptyPanelIni(@TempDir Path dir) throws IOException {
        Path ini = Files.writeString(dir.resolve("panel.ini"), "[mail]\nsmarthost.check.helo_name = bad name\r\n");
        CheckPolicy policy = CheckPolicy.fromIni(new IniFile(ini));
        assertFalse(policy.allowUntrustedCertificate());
        assertEquals(Duration.ofSeconds(10), policy.connectTimeout());
        assertEquals(Duration.ofSeconds(30), policy.totalTimeout());
        assertTrue(policy.heloName().isEmpty(), "an invalid EHLO name is not used");
    }

    @Test
    void englishAndFrenchBundlesHaveTheSameKeysAndFormat() throws IOException {
        Properties en = load("i18n/check.properties");
        Properties fr = load("i18n/check_fr.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(fr.stringPropertyNames()));
        CheckTexts english = new CheckTexts(Locale.ENGLISH);
        CheckTexts french = new CheckTexts(Locale.FRENCH);
        Object[] args = {"a", "b", "c", "d", "e"};
        for (String key : en.stringPropertyNames()) {
            for (String text : List.of(english.get(key, args), french.get(key, args))) {
                assertFalse(text.matches(".*\\{\\d}.*"), key + " left a placeholder: " + text);
            }
            assertFalse(en.getProperty(key).replace("''", "").contains("'"),
                    key + ": a single apostrophe would vanish in MessageFormat; write ''");
        }
        assertEquals("Certificat", french.get("step.certificate.title"));
        assertEquals("Certificate", new CheckTexts(Locale.GERMAN).get("step.certificate.title"), "unknown: English");
        assertEquals("Connected to h port 2525.", english.get("connect.ok", "h", 2525), "ports without grouping");
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = CheckPartsTest.class.getClassLoader().getResourceAsStream(name)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void wildcardCoversOneLabelOnly() {
        assertTrue(HostnameMatcher.matchesName("*.sendgrid.net", "smtp.sendgrid.net"));
        assertFalse(HostnameMatcher.matchesName("*.sendgrid.net", "sendgrid.net"));
        assertFalse(HostnameMatcher.matchesName("*.sendgrid.net", "a.smtp.sendgrid.net"));
        assertFalse(HostnameMatcher.matchesName("*.net", "sendgrid.net"), "no wildcard on a public suffix label alone");
        assertTrue(HostnameMatcher.matchesName("smtp.example.com", "smtp.example.com"));
    }

    @Test
    void transcriptScrubsTheSecretEvenWhenTheServerEchoesIt() {
        SecretMask mask = new SecretMask();
        mask.add("apikey", "hunter2-secret");
        Transcript t = new Transcript(System.nanoTime(), mask);
        t.server("535 bad password hunter2-secret");
        t.client("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString(
                "\0apikey\0hunter2-secret".getBytes(StandardCharsets.UTF_8)));
        String all = String.join("\n", t.lines());
        assertFalse(all.contains("hunter2"), all);
        assertTrue(all.contains("535 bad password ******"), all);
    }

    @Test
    void addressesWithLineBreaksOrBracketsAreRejected() {
        for (String bad : new String[] {"a@b.c\r\nRCPT TO:<x@y.z>", "<a@b.c>", "a b@c.d", "nodomain@", "a@localhost"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TestMail(bad, "x@y.zz"));
            assertTrue(e.getMessage().startsWith("from: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new CheckRequest(
                ConnectionCheckerTest.relay(587, io.smarthost.core.relay.Encryption.STARTTLS, false),
                Requester.admin("a"), Optional.empty(), Optional.of("x@y.zz"), Optional.empty()));
    }
}
