package io.smarthost.panel.host.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a plugin file says about itself, read without loading it: a PF4J zip ({@code plugin.properties},
 * {@code classes/}, {@code lib/*.jar}) or a jar (manifest {@code Plugin-*} attributes).
 *
 * @param hasExtensionIndex whether {@code META-INF/extensions.idx} exists in classes/ or in a lib/ jar (or in the jar)
 */
public record PluginFile(Path file, String id, String version, String requires, String provider, boolean hasExtensionIndex) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String INDEX = "META-INF/extensions.idx";

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static PluginFile read(Path file) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file: " + file + " does not exist or is not a file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (name.endsWith(".zip")) {
                return fromZip(file, zip);
            }
            if (name.endsWith(".jar")) {
                return fromJar(file, zip);
            }
            throw new IllegalArgumentException("file: " + name + " is neither a .zip nor a .jar plugin");
        } catch (IOException e) {
            throw new IllegalArgumentException("file: " + name + " is not a readable zip/jar (" + e.getMessage() + ")");
        }
    }

    private static PluginFile fromZip(Path file, ZipFile zip) throws IOException {
        ZipEntry props = zip.getEntry("plugin.properties");
        if (props == null) {
            throw new IllegalArgumentException("file: " + file.getFileName() + " has no plugin.properties at its root");
        }
        Properties p = new Properties();
        try (InputStream in = zip.getInputStream(props)) {
            p.load(in);
        }
        boolean index = zip.getEntry("classes/" + INDEX) != null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (!index && entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                try (InputStream jar = zip.getInputStream(e)) {
                    index = jarHasIndex(jar); // streamed: a lib jar is never held in memory whole
                }
            }
        }
        return validated(file, p.getProperty("plugin.id"), p.getProperty("plugin.version"), p.getProperty("plugin.requires", "*"),
                p.getProperty("plugin.provider", ""), index);
    }

    private static PluginFile fromJar(Path file, ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
        if (entry == null) {
            throw new IllegalArgumentException("file: " + file.getFileName() + " has no META-INF/MANIFEST.MF");
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = new Manifest(in);
        }
        Attributes a = manifest.getMainAttributes();
        return validated(file, a.getValue("Plugin-Id"), a.getValue("Plugin-Version"), a.getValue("Plugin-Requires") == null ? "*"
                : a.getValue("Plugin-Requires"), a.getValue("Plugin-Provider") == null ? "" : a.getValue("Plugin-Provider"),
                zip.getEntry(INDEX) != null);
    }

    private static boolean jarHasIndex(InputStream jar) throws IOException {
        try (JarInputStream in = new JarInputStream(jar)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(INDEX)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PluginFile validated(Path file, String id, String version, String requires, String provider, boolean index) {
        String where = file.getFileName().toString();
        if (id == null || !ID.matcher(id.strip()).matches()) {
            throw new IllegalArgumentException("file: " + where + " declares no valid plugin id (plugin.id / Plugin-Id: letters, digits, . _ -)");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("file: " + where + " declares no plugin version (plugin.version / Plugin-Version)");
        }
        return new PluginFile(file, id.strip(), version.strip(), requires.strip(), provider.strip(), index);
    }
}
