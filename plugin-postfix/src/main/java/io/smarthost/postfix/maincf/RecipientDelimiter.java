package io.smarthost.postfix.maincf;

import io.smarthost.core.backend.AddressExtensions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How this Postfix strips address extensions before its sender look-ups, read from main.cf: {@code recipient_delimiter}
 * (Postfix's default is empty: none), {@code owner_request_special} (default {@code yes}) and
 * {@code double_bounce_sender} (default {@code double-bounce}). Re-read only when main.cf changed (size, times,
 * inode), so a caller may ask on every look-up. A value naming other parameters ({@code $name}, {@code ${name}})
 * is expanded from main.cf; a name main.cf does not set expands to nothing.
 */
public final class RecipientDelimiter {
    private static final Pattern REF = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)\\}|\\(([A-Za-z0-9_]+)\\)|([A-Za-z0-9_]+))");

    private final Path mainCf;
    private volatile Cached cached;

    private record Cached(List<Object> stamp, AddressExtensions value) {
    }

    public RecipientDelimiter(Path mainCf) {
        this.mainCf = mainCf;
    }

    /** What main.cf says now; {@link AddressExtensions#NONE} when there is no main.cf. */
    public AddressExtensions get() {
        List<Object> stamp;
        try {
            Map<String, Object> a = Files.readAttributes(mainCf, "unix:size,lastModifiedTime,ctime,ino");
            stamp = List.of(a.get("size"), a.get("lastModifiedTime"), a.get("ctime"), a.get("ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return read();
        }
        Cached c = cached;
        if (c != null && c.stamp().equals(stamp)) {
            return c.value();
        }
        AddressExtensions v = read();
        cached = new Cached(stamp, v);
        return v;
    }

    private AddressExtensions read() {
        String text;
        try {
            text = Files.readString(mainCf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return AddressExtensions.NONE;
        }
        return of(MainCf.parse(text));
    }

    /** The extensions {@code cf} configures. */
    public static AddressExtensions of(MainCf cf) {
        String delimiters = value(cf, "recipient_delimiter", "", 0).strip();
        String special = value(cf, "owner_request_special", "yes", 0).strip();
        String doubleBounce = value(cf, "double_bounce_sender", "double-bounce", 0).strip();
        return new AddressExtensions(delimiters, !special.equalsIgnoreCase("no"), doubleBounce);
    }

    private static String value(MainCf cf, String name, String fallback, int depth) {
        Optional<String> v = cf.get(name);
        if (v.isEmpty()) {
            return fallback;
        }
        String raw = v.get().strip();
        if (raw.indexOf('$') < 0 || depth > 5) {
            return raw;
        }
        Matcher m = REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(value(cf, ref, "", depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
