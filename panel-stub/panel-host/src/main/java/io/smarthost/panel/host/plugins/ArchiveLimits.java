package io.smarthost.panel.host.plugins;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * How much a plugin file may unpack to ({@code [extensions] max_unpacked_mb}) and how much it may be compressed
 * (at most {@link #MAX_RATIO}:1 for an entry, or the whole file, past {@link #RATIO_FROM}): checked before PF4J
 * unpacks a zip or loads a jar, by reading the file the way PF4J's unzip does (entry by entry, inflating and
 * discarding, nothing written), so that a header lying about sizes changes nothing. A 1 MB file unpacking to
 * 1 GiB of zeros is refused after 1 MiB of inflating.
 */
public final class ArchiveLimits {

    /** Above this an entry, or the whole file, is refused as a zip bomb. */
    public static final int MAX_RATIO = 100;
    /** Below this many unpacked bytes the ratio is not judged (small text files compress very well). */
    static final long RATIO_FROM = 1024 * 1024;
    private static final long MB = 1024 * 1024;

    private final int maxUnpackedMb;

    public ArchiveLimits(int maxUnpackedMb) {
        this.maxUnpackedMb = maxUnpackedMb;
    }

    /** The default: 256 MB. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(256);
    }

    public int maxUnpackedMb() {
        return maxUnpackedMb;
    }

    /** @throws Refused saying in a sentence why the file is refused; nothing is written */
    public void check(Path file) {
        String name = file.getFileName().toString();
        long fileSize;
        try {
            fileSize = Math.max(Files.size(file), 1);
        } catch (IOException e) {
            throw new Refused(name + " cannot be read (" + e.getMessage() + ")");
        }
        long max = maxUnpackedMb * MB;
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (Counting raw = new Counting(new BufferedInputStream(Files.newInputStream(file)));
             ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                long compressedBefore = raw.count;
                long size = 0;
                for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
                    size += n;
                    total += n;
                    if (total > max) {
                        throw new Refused(name + " would unpack to more than " + maxUnpackedMb + " MB ([extensions] max_unpacked_mb"
                                + " in panel.ini): refused before anything was unpacked");
                    }
                    long compressed = Math.max(raw.count - compressedBefore, 1);
                    if (size >= RATIO_FROM && size / compressed > MAX_RATIO) {
                        throw new Refused(name + ": its entry '" + printable(entry.getName()) + "' is compressed more than "
                                + MAX_RATIO + ":1 (" + size / compressed + ":1 so far), the mark of a zip bomb: refused before"
                                + " anything was unpacked");
                    }
                }
            }
        } catch (IOException e) {
            throw new Refused(name + " is not a readable zip/jar (" + e.getMessage() + ")");
        }
        if (total >= RATIO_FROM && total / fileSize > MAX_RATIO) {
            throw new Refused(name + " unpacks to " + total / MB + " MB from " + fileSize / 1024 + " KB, more than " + MAX_RATIO
                    + ":1, the mark of a zip bomb: refused before anything was unpacked");
        }
    }

    private static String printable(String entryName) {
        String cleaned = entryName.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 120 ? cleaned.substring(0, 120) + "..." : cleaned;
    }

    /** A plugin file refused by these limits; the message is a sentence for the user. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Counts the compressed bytes the zip reader has taken from the file. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ArchiveLimits[%d MB, %d:1]", maxUnpackedMb, MAX_RATIO);
    }
}
