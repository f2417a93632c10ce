package io.smarthost.panel.host.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin files in a temp folder from a source folder ({@code *.java} compiled with
 * javax.tools and PF4J's annotation processor, which writes {@code META-INF/extensions.idx}; every
 * other file is a resource). Output: a PF4J zip ({@code plugin.properties}, {@code classes/} or
 * {@code lib/NAME.jar}) or a jar plugin (manifest {@code Plugin-*}).
 */
public final class PluginFileBuilder {

    private final Path sources;
    private final Path work;
    private String id = "sample";
    private String version = "1.0.0";
    private String requires = ">=1.0.0";
    private String pluginClass;
    private boolean inLibJar;
    private boolean withoutIndex;

    public PluginFileBuilder(Path sources, Path work) {
        this.sources = sources;
        this.work = work;
    }

    public PluginFileBuilder id(String value) {
        this.id = value;
        return this;
    }

    public PluginFileBuilder version(String value) {
        this.version = value;
        return this;
    }

    /** PF4J version expression checked against the panel's version, e.g. {@code >=1.0.0}. */
    public PluginFileBuilder requires(String value) {
        this.requires = value;
        return this;
    }

    public PluginFileBuilder pluginClass(String value) {
        this.pluginClass = value;
        return this;
    }

    /** Put the compiled classes in {@code lib/<id>-lib.jar} instead of {@code classes/}. */
    public PluginFileBuilder inLibJar() {
        this.inLibJar = true;
        return this;
    }

    /** Leave {@code META-INF/extensions.idx} out (a plugin built without the annotation processor). */
    public PluginFileBuilder withoutIndex() {
        this.withoutIndex = true;
        return this;
    }

    /** Compiles the sources into {@code work/<name>-classes} and returns that folder. */
    public Path compile(String name) {
        Path out = work.resolve(name + "-classes");
        try {
            Files.createDirectories(out);
            List<String> files = new ArrayList<>();
            try (Stream<Path> all = Files.walk(sources)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    Path rel = sources.relativize(p);
                    if (p.toString().endsWith(".java")) {
                        files.add(p.toString());
                    } else {
                        Files.createDirectories(out.resolve(rel).getParent());
                        Files.copy(p, out.resolve(rel));
                    }
                }
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler: run the tests with a JDK, not a JRE");
            }
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-classpath",
                    System.getProperty("java.class.path"), "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor"));
            args.addAll(files);
            int code = javac.run(null, null, null, args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("compiling " + sources + " failed (exit " + code + ")");
            }
            if (withoutIndex) {
                Files.deleteIfExists(out.resolve("META-INF/extensions.idx"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PF4J zip named {@code <fileName>}. */
    public Path buildZip(String fileName) {
        Path classes = compile(fileName);
        Path zip = work.resolve(fileName);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            String props = "plugin.id=" + id + "\nplugin.version=" + version + "\nplugin.requires=" + requires
                    + "\nplugin.provider=Smarthost tests\n" + (pluginClass == null ? "" : "plugin.class=" + pluginClass + "\n");
            put(out, "plugin.properties", props.getBytes(StandardCharsets.UTF_8));
            if (inLibJar) {
                put(out, "lib/" + id + "-lib.jar", jarBytes(classes, null));
            } else {
                addTree(out, classes, "classes/");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    /** A jar plugin (manifest attributes) named {@code <fileName>}. */
    public Path buildJar(String fileName) {
        Path classes = compile(fileName);
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", version);
        a.putValue("Plugin-Requires", requires);
        a.putValue("Plugin-Provider", "Smarthost tests");
        if (pluginClass != null) {
            a.putValue("Plugin-Class", pluginClass);
        }
        Path jar = work.resolve(fileName);
        try {
            Files.write(jar, jarBytes(classes, manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static byte[] jarBytes(Path classes, Manifest manifest) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
            addTree(out, classes, "");
        }
        return bytes.toByteArray();
    }

    private static void addTree(ZipOutputStream out, Path root, String prefix) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                put(out, prefix + root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
    }

    private static void put(ZipOutputStream out, String name, byte[] data) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(data);
        out.closeEntry();
    }

    /** Writes text to a file, creating folders (for tests that make sources on the fly). */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
