package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliProgress;
import io.smarthost.panel.host.extensions.catalog.Fetcher;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The catalogue downloads of {@code panel bin extension} as {@link CliProgress} on standard error: a bar
 * per file on a terminal, plain lines every few seconds otherwise (a file of unknown size, or one fetched in
 * under a second off a terminal, draws nothing: the CLI's answer stays one line).
 */
final class DownloadBars implements Fetcher.Listener {
    private final Map<URI, CliProgress> bars = new HashMap<>();
    private final Map<URI, Long> totals = new HashMap<>();
    private final BiFunction<String, Long, CliProgress> progress;

    DownloadBars(PrintStream err) {
        this((what, total) -> CliProgress.of(err, what, total));
    }

    /** With {@code progress} making each file's progress (tests: {@link CliProgress#lines}). */
    DownloadBars(BiFunction<String, Long, CliProgress> progress) {
        this.progress = progress;
    }

    @Override
    public synchronized void copied(URI uri, long done, long total) {
        if (total <= 0) {
            return;
        }
        CliProgress bar = bars.computeIfAbsent(uri, u -> progress.apply("downloading " + name(u) + " (bytes)", total));
        if (done < total) {
            bar.update(done);
        } else {
            totals.put(uri, done); // drawn by finished(): a quick download says nothing off a terminal
        }
    }

    @Override
    public synchronized void finished(URI uri) {
        CliProgress bar = bars.remove(uri);
        Long total = totals.remove(uri);
        if (bar != null) {
            if (total != null) {
                bar.finishQuietly(total);
            } else {
                bar.done();
            }
        }
    }

    private static String name(URI uri) {
        String path = uri.getPath() == null ? uri.toString() : uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
