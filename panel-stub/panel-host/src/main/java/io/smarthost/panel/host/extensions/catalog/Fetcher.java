package io.smarthost.panel.host.extensions.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies a catalogue index or plugin file from a {@code file:} or {@code http(s):} URI into a local
 * file, within a connect timeout, an overall read timeout and a size cap. A server that accepts the
 * connection and never answers is cut off by the read timeout.
 *
 * @param connectTimeout bound on opening the connection
 * @param readTimeout    bound on the whole transfer
 * @param maxBytes       files larger than this are refused
 */
public record Fetcher(Duration connectTimeout, Duration readTimeout, long maxBytes) {

    /**
     * Told how far a download is (for a progress bar). {@code total} is the size when known (a local file, a
     * {@code Content-Length}), else -1. Called on the thread that copies.
     */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void copied(URI uri, long done, long total) {
            }

            @Override
            public void finished(URI uri) {
            }
        };

        void copied(URI uri, long done, long total);

        void finished(URI uri);
    }

    /**
     * The listener of the fetches that {@code work} makes on this thread (the CLI's install and update draw
     * their downloads this way; fetches of the web pages have none).
     */
    public static <T, X extends Exception> T listening(Listener listener, Scoped<T, X> work) throws X {
        Listener before = LISTENER.get();
        LISTENER.set(listener);
        try {
            return work.run();
        } finally {
            LISTENER.set(before);
        }
    }

    /** Work run by {@link #listening}. */
    @FunctionalInterface
    public interface Scoped<T, X extends Exception> {
        T run() throws X;
    }

    private static final ThreadLocal<Listener> LISTENER = ThreadLocal.withInitial(() -> Listener.NONE);

    public static Fetcher defaults() {
        return new Fetcher(Duration.ofSeconds(10), Duration.ofSeconds(60), 64L * 1024 * 1024);
    }

    /** Downloads {@code uri} into {@code target} (replaced). */
    public void fetch(URI uri, Path target) throws CatalogException {
        Listener listener = LISTENER.get();
        try {
            fetch(uri, target, listener);
        } finally {
            listener.finished(uri);
        }
    }

    private void fetch(URI uri, Path target, Listener listener) throws CatalogException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "file" -> copyLocal(Path.of(uri), target, uri, listener);
            case "http", "https" -> download(uri, target, listener);
            default -> throw new CatalogException("unsupported address " + uri
                    + ": use a file path, file:, http: or https:");
        }
    }

    private void copyLocal(Path source, Path target, URI uri, Listener listener) throws CatalogException {
        try {
            long size = Files.size(source);
            if (size > maxBytes) {
                throw new CatalogException(uri + " is larger than the " + maxBytes + "-byte limit");
            }
            try (InputStream in = Files.newInputStream(source)) {
                copyCapped(in, target, uri, size, listener);
            }
        } catch (IOException e) {
            throw new CatalogException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    private void download(URI uri, Path target, Listener listener) throws CatalogException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Void> transfer = reader.submit(() -> {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new CatalogException(uri + " answered HTTP " + response.statusCode());
                    }
                    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (declared > maxBytes) {
                        throw new CatalogException(uri + " is larger than the " + maxBytes + "-byte limit");
                    }
                    copyCapped(body, target, uri, declared, listener);
                }
                return null;
            });
            transfer.get(readTimeout.toMillis() + connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CatalogException("timed out after " + readTimeout.toSeconds() + " s reading " + uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("interrupted while reading " + uri);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CatalogException ce) {
                throw ce;
            }
            if (cause instanceof HttpTimeoutException) {
                throw new CatalogException("timed out after " + readTimeout.toSeconds() + " s reading " + uri);
            }
            throw new CatalogException("cannot download " + uri + ": " + cause, cause);
        } finally {
            reader.shutdownNow();
        }
    }

    private void copyCapped(InputStream in, Path target, URI uri, long size, Listener listener)
            throws IOException, CatalogException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new CatalogException(uri + " is larger than the " + maxBytes + "-byte limit");
                }
                out.write(buffer, 0, n);
                listener.copied(uri, total, size);
            }
        } catch (CatalogException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }
}
