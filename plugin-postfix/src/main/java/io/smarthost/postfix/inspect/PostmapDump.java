package io.smarthost.postfix.inspect;

import io.smarthost.core.backend.BackendException;
import io.smarthost.postfix.apply.MapEntries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code .db} index really holds: {@code postmap -s hash:FILE}, read as a stream. Not through
 * the host's command runner, whose capture stops at 1 MiB: an index of 100,000 sender domains prints
 * several. The output holds secrets (the login map): it is parsed in memory and never logged.
 */
final class PostmapDump {

    private PostmapDump() {
    }

    private static final java.util.concurrent.ExecutorService ERRORS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smarthost-postmap-s-err");
        t.setDaemon(true);
        return t;
    });

    /**
     * postmap's fatal line, without its program name ({@code ./main.cf, line 70: missing '=' after attribute name}),
     * or empty; never a value of the table (postmap prints none in its errors).
     */
    private static String fatal(java.util.concurrent.CompletableFuture<String> errors) {
        String text;
        try {
            text = errors.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        return text.lines().filter(l -> l.contains("fatal: ")).findFirst()
                .map(l -> l.substring(l.indexOf("fatal: ") + "fatal: ".length()).strip()).orElse("");
    }

    static Map<String, String> read(Path commandDir, Path configDir, Path map, Duration timeout) throws BackendException {
        List<String> argv = List.of(commandDir.resolve("postmap").toString(), "-c", configDir.toString(), "-s",
                "hash:" + map);
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new BackendException("postmap -s", "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        // its error, read beside the output (a full pipe would stop it): a main.cf Postfix cannot read makes every
        // postmap fail, and "the index is missing or damaged" named three tables for one broken line of main.cf
        java.io.InputStream errStream = p.getErrorStream();
        java.util.concurrent.CompletableFuture<String> errors = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            // on a thread of its own: the common pool may have one worker on two cores, busy elsewhere
            try (errStream) {
                byte[] head = errStream.readNBytes(4096);
                errStream.transferTo(java.io.OutputStream.nullOutputStream());
                return new String(head, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, ERRORS);
        try {
            p.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int tab = line.indexOf('\t');
                    int sp = tab >= 0 ? tab : MapEntries.indexOfSpace(line);
                    String key = (sp < 0 ? line : line.substring(0, sp)).toLowerCase(Locale.ROOT);
                    out.putIfAbsent(key, sp < 0 ? "" : line.substring(sp + 1).strip());
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BackendException("postmap -s", "reading " + map + ".db timed out");
            }
            if (p.exitValue() != 0) {
                String fatal = fatal(errors);
                throw new BackendException("postmap -s", fatal.isEmpty()
                        ? "postmap -s " + map + ".db exited with " + p.exitValue() + " (the index is missing or damaged)"
                        : "postmap -s " + map + ".db failed: " + fatal);
            }
            return out;
        } catch (IOException e) {
            throw new BackendException("postmap -s", "cannot read " + map + ".db: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("postmap -s", "interrupted", e);
        } finally {
            p.destroy();
        }
    }
}
