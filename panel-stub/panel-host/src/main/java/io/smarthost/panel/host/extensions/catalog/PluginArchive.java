package io.smarthost.panel.host.extensions.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Safety checks on a downloaded plugin file before the panel loads it: its checksum, that no entry
 * could be written outside the plugin's folder when PF4J unpacks it, and what plugin it says it is.
 */
public final class PluginArchive {

    /** What the file declares ({@code plugin.properties} or the jar manifest). */
    public record Descriptor(String id, String version, String requires) {
    }

    private PluginArchive() {
    }

    public static String sha512Hex(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }

    /**
     * Refuses a release without checksum and a file whose SHA-512 differs. The catalogue value may be
     * the bare hex digest or a {@code sha512sum} line ({@code <hex>  <file name>}).
     */
    public static void verifyChecksum(Path file, CatalogRelease release, String pluginId) throws CatalogException {
        String expected = release.sha512sum() == null ? "" : release.sha512sum().trim();
        if (expected.isEmpty()) {
            throw new CatalogException(pluginId + " " + release.version()
                    + " has no sha512sum in the catalogue: refused (every release must carry its checksum)");
        }
        expected = expected.split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!expected.matches("[0-9a-f]{128}")) {
            throw new CatalogException(pluginId + " " + release.version()
                    + ": the catalogue's sha512sum is not a SHA-512 hex digest: refused");
        }
        try {
            String actual = sha512Hex(file);
            if (!MessageDigest.isEqual(actual.getBytes(), expected.getBytes())) {
                throw new CatalogException(pluginId + " " + release.version()
                        + ": checksum mismatch (catalogue " + expected.substring(0, 16) + "…, file "
                        + actual.substring(0, 16) + "…): the file was changed or damaged; refused");
            }
        } catch (IOException e) {
            throw new CatalogException("cannot read the downloaded file: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the zip/jar, refuses entries with absolute paths, drive letters or {@code ..} segments,
     * and returns what it declares.
     */
    public static Descriptor inspect(Path file) throws CatalogException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                checkEntryName(entries.nextElement().getName());
            }
            return fromProperties(zip).or(() -> fromManifest(zip))
                    .orElseThrow(() -> new CatalogException(
                            "not a plugin file: no plugin.properties and no Plugin-Id in META-INF/MANIFEST.MF"));
        } catch (IOException e) {
            throw new CatalogException("not a readable zip/jar: " + e.getMessage(), e);
        }
    }

    static void checkEntryName(String name) throws CatalogException {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.contains("\0")) {
            throw new CatalogException("refused: entry '" + name + "' has an absolute path");
        }
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                throw new CatalogException("refused: entry '" + name + "' points outside the plugin folder");
            }
        }
    }

    private static Optional<Descriptor> fromProperties(ZipFile zip) {
        ZipEntry entry = zip.getEntry("plugin.properties");
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("plugin.id");
            return id == null ? Optional.empty()
                    : Optional.of(new Descriptor(id.trim(), trim(p.getProperty("plugin.version")),
                    trim(p.getProperty("plugin.requires"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Descriptor> fromManifest(ZipFile zip) {
        ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Attributes a = new Manifest(in).getMainAttributes();
            String id = a.getValue("Plugin-Id");
            return id == null ? Optional.empty()
                    : Optional.of(new Descriptor(id.trim(), trim(a.getValue("Plugin-Version")),
                    trim(a.getValue("Plugin-Requires"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
