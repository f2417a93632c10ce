package io.smarthost.panel.host.extensions.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real PF4J plugin zips: a plugin class compiled at test time, plugin.properties, classes/. */
final class TestPluginFiles {

    private TestPluginFiles() {
    }

    /** A zip for plugin {@code id} at {@code version}; its start() throws when {@code failsToStart}. */
    static Path pluginZip(Path work, String id, String version, String requires, boolean failsToStart)
            throws IOException {
        String pkg = "testplugin." + id.replace('-', '_') + ".v" + version.replace('.', '_');
        Path src = work.resolve("src-" + id + "-" + version);
        Path classes = work.resolve("classes-" + id + "-" + version);
        Path source = src.resolve(pkg.replace('.', '/')).resolve("TestPlugin.java");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, "package " + pkg + ";\n"
                + "public class TestPlugin extends org.pf4j.Plugin {\n"
                + "  @Override public void start() {" + (failsToStart
                ? " throw new IllegalStateException(\"cannot start: test failure\"); " : "") + "}\n"
                + "}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int rc = compiler.run(null, null, null, "-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("compiling the test plugin failed");
        }
        Path zip = work.resolve(id + "-" + version + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin.properties", ("plugin.id=" + id + "\nplugin.version=" + version
                    + "\nplugin.class=" + pkg + ".TestPlugin\nplugin.provider=tests\nplugin.requires="
                    + requires + "\n").getBytes(StandardCharsets.UTF_8));
            Path classFile = classes.resolve(pkg.replace('.', '/')).resolve("TestPlugin.class");
            put(out, "classes/" + pkg.replace('.', '/') + "/TestPlugin.class", Files.readAllBytes(classFile));
        }
        return zip;
    }

    /** A zip with the given entry names (content irrelevant), e.g. to try path traversal. */
    static Path zipWithEntries(Path work, String name, String id, String version, List<String> extraEntries)
            throws IOException {
        Path zip = work.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin.properties", ("plugin.id=" + id + "\nplugin.version=" + version
                    + "\nplugin.class=x.Y\n").getBytes(StandardCharsets.UTF_8));
            for (String entry : extraEntries) {
                put(out, entry, "x".getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    static void writeIndex(Path dir, String json) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("plugins.json"))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
