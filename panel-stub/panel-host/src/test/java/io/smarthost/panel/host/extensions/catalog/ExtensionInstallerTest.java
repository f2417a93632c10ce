package io.smarthost.panel.host.extensions.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.host.testing.ZipBomb;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** A catalogue served over HTTP on 127.0.0.1, with real plugin files, installed into a real PF4J manager. */
class ExtensionInstallerTest {

    @TempDir
    Path tmp;
    private Path served;
    private Path pluginsDir;
    private HttpServer http;
    private PluginManager plugins;
    private final AtomicBoolean restricted = new AtomicBoolean();
    private final List<String> actions = new ArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private ExtensionInstaller installer;

    @BeforeEach
    void start() throws IOException {
        served = Files.createDirectories(tmp.resolve("served"));
        pluginsDir = Files.createDirectories(tmp.resolve("home/plugins"));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            Path file = served.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.createContext("/silent/", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
        DefaultPluginManager manager = new DefaultPluginManager(pluginsDir);
        manager.setSystemVersion("1.0.0");
        plugins = manager;
        ActionLog log = (action, target, details) -> actions.add(action + " " + target + " " + details);
        installer = new ExtensionInstaller(plugins, pluginsDir, tmp.resolve("home/data/staging"), "1.0.0",
                () -> List.of(URI.create(base() + "plugins.json")),
                new Fetcher(Duration.ofSeconds(2), Duration.ofSeconds(2), 10 * 1024 * 1024),
                restricted::get, log);
    }

    @AfterEach
    void stop() {
        never.countDown();
        for (var w : List.copyOf(plugins.getPlugins())) {
            plugins.unloadPlugin(w.getPluginId());
        }
        http.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    private String release(String version, String requires, Path file, String checksum) {
        return "{\"version\":\"" + version + "\",\"date\":\"2026-11-28\",\"requires\":\"" + requires
                + "\",\"url\":\"" + file.getFileName() + "\""
                + (checksum == null ? "" : ",\"sha512sum\":\"" + checksum + "\"") + "}";
    }

    private void catalogue(String id, String... releases) throws IOException {
        TestPluginFiles.writeIndex(served, "[{\"id\":\"" + id + "\",\"description\":\"Test plugin\","
                + "\"provider\":\"tests\",\"releases\":[" + String.join(",", releases) + "]}]");
    }

    private Path servedPlugin(String id, String version, boolean failsToStart) throws IOException {
        Path zip = TestPluginFiles.pluginZip(tmp, id, version, ">=1.0.0", failsToStart);
        return Files.copy(zip, served.resolve(zip.getFileName()));
    }

    @Test
    void installsTheNewestCompatibleReleaseAndStartsIt() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));

        assertEquals("1.0.0", installer.install("hello", Optional.empty()));

        assertEquals(PluginState.STARTED, plugins.getPlugin("hello").getPluginState());
        assertTrue(Files.exists(pluginsDir.resolve("hello-1.0.0.zip")));
        assertTrue(actions.get(0).startsWith("extension.installed hello"), actions.toString());
        assertEquals("up-to-date", installer.catalog().get(0).status());
    }

    @Test
    void updatesToANewerReleaseWhileThePanelRuns() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));
        installer.install("hello", Optional.empty());
        Path v2 = servedPlugin("hello", "1.1.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)),
                release("1.1.0", ">=1.0.0", v2, PluginArchive.sha512Hex(v2)));
        assertEquals("update-available", installer.catalog().get(0).status());

        assertEquals("1.1.0", installer.update("hello"));

        assertEquals("1.1.0", plugins.getPlugin("hello").getDescriptor().getVersion());
        assertEquals(PluginState.STARTED, plugins.getPlugin("hello").getPluginState());
        assertFalse(Files.exists(pluginsDir.resolve("hello-1.0.0.zip")));
    }

    @Test
    void keepsTheOldVersionRunningWhenTheNewOneFailsToStart() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));
        installer.install("hello", Optional.empty());
        Path broken = servedPlugin("hello", "2.0.0", true);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)),
                release("2.0.0", ">=1.0.0", broken, PluginArchive.sha512Hex(broken)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.update("hello"));

        assertTrue(e.getMessage().contains("failed to start"), e.getMessage());
        assertTrue(e.getMessage().contains("previous version 1.0.0 keeps running"), e.getMessage());
        assertEquals("1.0.0", plugins.getPlugin("hello").getDescriptor().getVersion());
        assertEquals(PluginState.STARTED, plugins.getPlugin("hello").getPluginState());
        assertTrue(Files.exists(pluginsDir.resolve("hello-1.0.0.zip")));
        assertFalse(Files.exists(pluginsDir.resolve("hello-2.0.0.zip")));
    }

    @Test
    void refusesAReleaseWithoutChecksum() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, null));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("has no sha512sum"), e.getMessage());
        assertNull(plugins.getPlugin("hello"));
        assertNoPluginFiles();
    }

    @Test
    void refusesAFileWhoseChecksumDiffers() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, "ab".repeat(64)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertNoPluginFiles();
    }

    @Test
    void refusesAnIncompatibleReleaseAndSaysWhy() throws Exception {
        Path v1 = servedPlugin("hello", "3.0.0", false);
        catalogue("hello", release("3.0.0", ">=2.0.0", v1, PluginArchive.sha512Hex(v1)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("requires panel >=2.0.0 but this panel is 1.0.0"), e.getMessage());
        assertEquals("incompatible", installer.catalog().get(0).status());
        assertNoPluginFiles();
    }

    @Test
    void refusesAZipWithPathTraversal() throws Exception {
        Path evil = Files.copy(TestPluginFiles.zipWithEntries(tmp, "hello-1.0.0.zip", "hello", "1.0.0",
                List.of("classes/../../../evil.sh")), served.resolve("hello-1.0.0.zip"));
        catalogue("hello", release("1.0.0", ">=1.0.0", evil, PluginArchive.sha512Hex(evil)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("points outside the plugin folder"), e.getMessage());
        assertNoPluginFiles();
        assertFalse(Files.exists(tmp.resolve("evil.sh")));
    }

    @Test
    void refusesAZipBombBeforeUnpackingIt() throws Exception {
        Path bomb = ZipBomb.zeros(served.resolve("hello-1.0.0.zip"), "hello", ZipBomb.GIB);
        catalogue("hello", release("1.0.0", ">=1.0.0", bomb, PluginArchive.sha512Hex(bomb)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().startsWith("hello 1.0.0: hello-1.0.0.zip: its entry 'classes/zeros.bin' is compressed more "
                + "than 100:1"), e.getMessage());
        assertNoPluginFiles();
        try (var staged = Files.list(tmp.resolve("home/data/staging"))) {
            assertEquals(List.of(), staged.toList(), "the download is deleted");
        }
    }

    @Test
    void aPluginWhoseClassIsMissingIsRefusedWithASentenceNotANullPointerException() throws Exception {
        Path broken = Files.copy(TestPluginFiles.zipWithEntries(tmp, "hello-1.0.0.zip", "hello", "1.0.0", List.of()),
                served.resolve("hello-1.0.0.zip"));
        catalogue("hello", release("1.0.0", ">=1.0.0", broken, PluginArchive.sha512Hex(broken)));

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertEquals("hello 1.0.0 failed to start (its plugin class 'x.Y' was not found in the file)", e.getMessage());
        assertNoPluginFiles();
    }

    @Test
    void refusesAZipWithAnAbsolutePath() {
        assertThrows(CatalogException.class, () -> PluginArchive.checkEntryName("/etc/cron.d/x"));
        assertThrows(CatalogException.class, () -> PluginArchive.checkEntryName("C:\\Windows\\x"));
    }

    @Test
    void givesUpOnAServerThatNeverAnswers() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        TestPluginFiles.writeIndex(served, "[{\"id\":\"hello\",\"releases\":[{\"version\":\"1.0.0\","
                + "\"requires\":\">=1.0.0\",\"url\":\"" + base() + "silent/hello.zip\",\"sha512sum\":\""
                + PluginArchive.sha512Hex(v1) + "\"}]}]");
        long start = System.nanoTime();

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertNoPluginFiles();
    }

    @Test
    void refusesCatalogueInstallsInRestrictedMode() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));
        restricted.set(true);

        CatalogException e = assertThrows(CatalogException.class, () -> installer.install("hello", Optional.empty()));

        assertTrue(e.getMessage().contains("restricted mode"), e.getMessage());
        assertNoPluginFiles();
    }

    @Test
    void uninstallsAndLogs() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));
        installer.install("hello", Optional.empty());

        installer.uninstall("hello");

        assertNull(plugins.getPlugin("hello"));
        assertNoPluginFiles();
        assertTrue(actions.get(actions.size() - 1).startsWith("extension.uninstalled hello"));
    }

    @Test
    void readsACatalogueFromALocalFolder() throws Exception {
        Path v1 = servedPlugin("hello", "1.0.0", false);
        catalogue("hello", release("1.0.0", ">=1.0.0", v1, PluginArchive.sha512Hex(v1)));
        ExtensionInstaller local = new ExtensionInstaller(plugins, pluginsDir, tmp.resolve("staging2"), "1.0.0",
                () -> List.of(Catalog.indexUri(served.toString())), Fetcher.defaults(), () -> false,
                (a, t, d) -> { });

        assertEquals("1.0.0", local.install("hello", Optional.empty()));
        assertEquals(PluginState.STARTED, plugins.getPlugin("hello").getPluginState());
    }

    private void assertNoPluginFiles() throws IOException {
        try (Stream<Path> files = Files.list(pluginsDir)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
