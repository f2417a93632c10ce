package io.smarthost.panel.host.plugins;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.pf4j.BasePluginRepository;
import org.pf4j.util.AndFileFilter;
import org.pf4j.util.DirectoryFileFilter;
import org.pf4j.util.FileUtils;
import org.pf4j.util.HiddenFilter;
import org.pf4j.util.NotFileFilter;
import org.pf4j.util.ZipFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J's {@code DefaultPluginRepository} (the folders of {@code plugins/}, each zip unpacked into a folder of
 * its name first) with one change: a zip is unpacked only when {@code acceptable} says so, and the folder of a
 * refused zip (left by an earlier version) is not offered either, so a refused file never runs.
 */
final class CheckedZipPluginRepository extends BasePluginRepository {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedZipPluginRepository.class);
    private final Predicate<Path> acceptable;
    private final Set<Path> refusedFolders = ConcurrentHashMap.newKeySet();

    CheckedZipPluginRepository(List<Path> roots, Predicate<Path> acceptable) {
        super(roots);
        this.acceptable = acceptable;
        AndFileFilter filter = new AndFileFilter(new DirectoryFileFilter());
        filter.addFileFilter(new NotFileFilter(new HiddenFilter()));
        setFilter(filter);
    }

    @Override
    public List<Path> getPluginPaths() {
        refusedFolders.clear();
        for (Path root : pluginsRoots) {
            File[] zips = root.toFile().listFiles(new ZipFileFilter());
            if (zips == null) {
                continue;
            }
            for (File zip : zips) {
                Path file = zip.toPath();
                if (!acceptable.test(file)) {
                    refusedFolders.add(file.resolveSibling(file.getFileName().toString().replaceFirst("(?i)\\.zip$", "")));
                    continue;
                }
                try {
                    FileUtils.expandIfZip(file);
                } catch (IOException e) {
                    LOG.error("Cannot unpack plugin file {}: {}", file.getFileName(), e.getMessage());
                }
            }
        }
        return super.getPluginPaths().stream().filter(p -> !refusedFolders.contains(p)).toList();
    }

    @Override
    public boolean deletePluginPath(Path pluginPath) {
        FileUtils.optimisticDelete(FileUtils.findWithEnding(pluginPath, ".zip", ".ZIP", ".Zip"));
        return super.deletePluginPath(pluginPath);
    }
}
