package io.smarthost.panel.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Plugin files that unpack to far more than they weigh, built for real (a PF4J zip with a plugin.properties). */
public final class ZipBomb {

    public static final long GIB = 1024L * 1024 * 1024;

    private ZipBomb() {
    }

    /** A plugin zip whose {@code classes/zeros.bin} is {@code bytes} zeros, deflated at level 9 (1 GiB weighs about 1 MB). */
    public static Path zeros(Path file, String id, long bytes) {
        return write(file, id, (out, buffer) -> {
            for (long left = bytes; left > 0; left -= buffer.length) {
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }, new byte[1024 * 1024]);
    }

    /** A plugin zip holding {@code bytes} of random data (it does not compress: only the size limit can refuse it). */
    public static Path random(Path file, String id, long bytes) {
        byte[] buffer = new byte[64 * 1024];
        Random random = new Random(42);
        return write(file, id, (out, b) -> {
            for (long left = bytes; left > 0; left -= b.length) {
                random.nextBytes(b);
                out.write(b, 0, (int) Math.min(b.length, left));
            }
        }, buffer);
    }

    private interface Content {
        void write(ZipOutputStream out, byte[] buffer) throws IOException;
    }

    private static Path write(Path file, String id, Content content, byte[] buffer) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("plugin.properties"));
            out.write(("plugin.id=" + id + "\nplugin.version=1.0.0\nplugin.class=x.Y\nplugin.requires=*\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("classes/zeros.bin"));
            content.write(out, buffer);
            out.closeEntry();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
