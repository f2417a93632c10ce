package io.smarthost.panel.host.extensions.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes a one-plugin catalogue for a plugin file the build produced: a copy of the file and a
 * {@code plugins.json} (PF4J update format) next to it, with the file's SHA-512, so that
 * {@code [extensions] repositories = <that folder>} lets a panel install it with
 * {@code panel bin extension --install ID}. Run by the plugin module's build:
 * {@code CatalogIndexWriter PLUGIN_FILE OUTPUT_FOLDER}.
 */
public final class CatalogIndexWriter {

    private CatalogIndexWriter() {
    }

    public static void main(String[] args) throws IOException, CatalogException {
        if (args.length != 2) {
            System.err.println("usage: CatalogIndexWriter PLUGIN_FILE OUTPUT_FOLDER");
            System.exit(2);
        }
        Path index = write(Path.of(args[0]), Path.of(args[1]), LocalDate.now(ZoneOffset.UTC));
        System.out.println("catalogue written: " + index);
    }

    /** Copies {@code pluginFile} into {@code folder} and writes {@code folder/plugins.json}; returns the index. */
    public static Path write(Path pluginFile, Path folder, LocalDate date) throws IOException, CatalogException {
        PluginArchive.Descriptor d = PluginArchive.inspect(pluginFile);
        if (d.version().isEmpty()) {
            throw new CatalogException(pluginFile.getFileName() + " declares no plugin version");
        }
        Properties p = properties(pluginFile);
        Files.createDirectories(folder);
        Path copy = folder.resolve(pluginFile.getFileName());
        Files.copy(pluginFile, copy, StandardCopyOption.REPLACE_EXISTING);
        CatalogRelease release = new CatalogRelease(d.version(), date.toString(),
                d.requires().isEmpty() ? "*" : d.requires(), copy.getFileName().toString(), PluginArchive.sha512Hex(copy));
        CatalogPlugin plugin = new CatalogPlugin(d.id(), p.getProperty("plugin.description", ""),
                p.getProperty("plugin.provider", ""), null, List.of(release));
        Path index = folder.resolve("plugins.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(index.toFile(), List.of(plugin));
        return index;
    }

    private static Properties properties(Path pluginFile) throws IOException {
        Properties p = new Properties();
        try (ZipFile zip = new ZipFile(pluginFile.toFile())) {
            ZipEntry entry = zip.getEntry("plugin.properties");
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return p;
    }
}
