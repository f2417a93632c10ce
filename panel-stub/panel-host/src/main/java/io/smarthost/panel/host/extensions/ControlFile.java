package io.smarthost.panel.host.extensions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * How a {@code panel bin} process reaches the running panel server of the same home: the server
 * writes {@code <home>/data/control.properties} (mode 0600: only the panel's user can read it) with
 * its local address and a random token when it starts listening, and deletes it when it stops. The
 * token is never printed or logged; the server compares it in constant time.
 *
 * @param url   the server's base URL on the loopback interface (or its bind address)
 * @param token 256 random bits, URL-safe Base64
 */
public record ControlFile(String url, String token) {

    public static final String FILE_NAME = "control.properties";

    public static Path location(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** A fresh token for a server listening at {@code url}. */
    public static ControlFile create(String url) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new ControlFile(url, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** Writes the file, readable and writable by the owner only (created so before any byte is written). */
    public void write(Path dataDir) {
        Path file = location(dataDir);
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Properties p = new Properties();
            p.setProperty("url", url);
            p.setProperty("token", token);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                p.store(out, "panel server control: do not share; rewritten at every panel start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file of a (possibly) running server, if there is one. */
    public static Optional<ControlFile> read(Path dataDir) {
        Path file = location(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String url = p.getProperty("url");
            String token = p.getProperty("token");
            return url == null || token == null ? Optional.empty() : Optional.of(new ControlFile(url, token));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes the file if it still holds this server's token (another server may have replaced it). */
    public void delete(Path dataDir) {
        if (read(dataDir).filter(this::equals).isPresent()) {
            try {
                Files.deleteIfExists(location(dataDir));
            } catch (IOException ignored) {
                // a stale file is detected by the CLI: its connection is refused
            }
        }
    }

    /** Constant-time comparison with a presented token. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ControlFile[" + url + "]";
    }
}
