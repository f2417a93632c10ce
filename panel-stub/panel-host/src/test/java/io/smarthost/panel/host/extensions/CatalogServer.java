package io.smarthost.panel.host.extensions;

import com.sun.net.httpserver.HttpServer;
import io.smarthost.panel.host.extensions.catalog.PluginArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/** A plugin catalogue served over HTTP on 127.0.0.1 from a temp folder (for tests). */
final class CatalogServer implements AutoCloseable {

    private final Path folder;
    private final HttpServer http;
    private final List<String> entries = new ArrayList<>();

    CatalogServer(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            Path file = this.folder.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(this.folder) || !Files.isRegularFile(file)) {
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
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
    }

    String indexUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/plugins.json";
    }

    /** Offers {@code zip} as release {@code version} of plugin {@code id}, with its real SHA-512. */
    CatalogServer offer(String id, String version, Path zip) {
        try {
            Path served = Files.copy(zip, folder.resolve(id + "-" + version + ".zip"));
            entries.add("{\"id\":\"" + id + "\",\"version\":\"" + version + "\",\"url\":\"" + served.getFileName()
                    + "\",\"sha512sum\":\"" + PluginArchive.sha512Hex(served) + "\"}");
            writeIndex();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeIndex() throws IOException {
        StringBuilder json = new StringBuilder("[");
        List<String> ids = entries.stream().map(e -> e.substring(7, e.indexOf('"', 7))).distinct().toList();
        for (String id : ids) {
            List<String> releases = entries.stream().filter(e -> e.startsWith("{\"id\":\"" + id + "\""))
                    .map(e -> "{" + e.substring(e.indexOf("\"version\""))).toList();
            json.append(json.length() > 1 ? "," : "").append("{\"id\":\"").append(id)
                    .append("\",\"description\":\"Sample extension\",\"provider\":\"tests\",\"releases\":[")
                    .append(String.join(",", releases.stream().map(r -> r.replace("\"url\"", "\"date\":\"2026-11-28\",\"requires\":\">=1.0.0\",\"url\"")).toList()))
                    .append("]}");
        }
        Files.writeString(folder.resolve("plugins.json"), json.append("]").toString());
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
