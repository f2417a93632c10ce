package io.smarthost.postfix.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 of every file under a folder, to prove that nothing changed. */
public final class FolderSnapshot {

    private FolderSnapshot() {
    }

    /** Relative path -> hash; skips the queue, logs, data and our lock file (Postfix and the OS own them). */
    public static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (rel.startsWith("spool") || rel.startsWith("log") || rel.startsWith("data") || rel.endsWith(".lock")) {
                    continue;
                }
                out.put(rel, sha256(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
