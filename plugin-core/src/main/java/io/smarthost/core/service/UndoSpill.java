package io.smarthost.core.service;

import io.smarthost.panel.api.Secret;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The previous values of a large change, in a temporary file instead of the heap: written once in the
 * order they were remembered, read back only when the mail server refuses the change. The file (owner
 * only) is encrypted with AES-CTR under a random key that lives in this object alone, so the secrets it
 * holds are unreadable on disk and once the process is gone; {@link #close()} deletes it.
 */
final class UndoSpill implements AutoCloseable {
    private static final byte ABSENT = 0;
    private static final byte VALUE = 1;
    private static final byte SECRET = 2;

    /** What {@link #forEach} hands back for each record. */
    @FunctionalInterface
    interface Record {
        void accept(String key, Optional<String> value, Optional<Secret> secret);
    }

    private final Path file;
    private final SecretKeySpec key;
    private final byte[] iv = new byte[16];
    private final DataOutputStream out;

    UndoSpill() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[16];
        random.nextBytes(k);
        random.nextBytes(iv);
        key = new SecretKeySpec(k, "AES");
        try {
            sweepLeftovers();
            // createTempFile makes the file readable by its owner only (POSIX); the process id in its name says
            // whose it is, for the sweep of the files that a killed process left
            file = Files.createTempFile(PREFIX + ProcessHandle.current().pid() + "-", ".bin");
            out = new DataOutputStream(new BufferedOutputStream(
                    new CipherOutputStream(Files.newOutputStream(file), cipher(Cipher.ENCRYPT_MODE)), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the undo file of a large change: " + e.getMessage(), e);
        }
    }

    static final String PREFIX = "smarthost-undo-";
    private static final java.util.concurrent.atomic.AtomicBoolean SWEPT = new java.util.concurrent.atomic.AtomicBoolean();

    /** The sweep below in the temporary folder, once per process: at the panel's start, or the first large change. */
    static void sweepLeftovers() {
        if (SWEPT.compareAndSet(false, true)) {
            sweep(Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /**
     * Deletes the undo files in {@code dir} of processes that no longer run: a process killed during a large change
     * left its file (encrypted under a key gone with it, so unreadable, but never deleted: one per crash). A file
     * of a process still running (another panel on the machine) is left alone; one named by an older release
     * (without a process id) goes when it is a day old. Returns how many were deleted.
     */
    static int sweep(Path dir) {
        int deleted = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                String rest = f.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean gone = pid > 0 ? ProcessHandle.of(pid).isEmpty()
                        // an older release's name, without the process id: gone once a day old (a change lasts minutes)
                        : Files.getLastModifiedTime(f).toInstant().isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
                if (gone && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a sweep that cannot list or delete leaves the files; the change goes on
        }
        return deleted;
    }

    /** Where the records are (for tests). */
    Path file() {
        return file;
    }

    void write(String k, Optional<String> value, Optional<Secret> secret) {
        try {
            if (secret.isPresent()) {
                out.writeByte(SECRET);
                out.writeUTF(k);
                text(secret.get().reveal());
            } else if (value.isPresent()) {
                out.writeByte(VALUE);
                out.writeUTF(k);
                text(value.get());
            } else {
                out.writeByte(ABSENT);
                out.writeUTF(k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the undo file of a large change: " + e.getMessage(), e);
        }
    }

    private void text(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Every record, in the order written. */
    void forEach(Record action) {
        try {
            out.flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    new CipherInputStream(Files.newInputStream(file), cipher(Cipher.DECRYPT_MODE)), 1 << 16))) {
                while (true) {
                    int kind;
                    try {
                        kind = in.readByte();
                    } catch (EOFException end) {
                        return;
                    }
                    String k = in.readUTF();
                    if (kind == ABSENT) {
                        action.accept(k, Optional.empty(), Optional.empty());
                    } else {
                        byte[] bytes = new byte[in.readInt()];
                        in.readFully(bytes);
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        action.accept(k, kind == VALUE ? Optional.of(text) : Optional.empty(),
                                kind == SECRET ? Optional.of(Secret.of(text)) : Optional.empty());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the undo file of a large change: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, key, new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this Java runtime", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the file goes all the same
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the undo file " + file + ": " + e.getMessage(), e);
        }
    }
}
