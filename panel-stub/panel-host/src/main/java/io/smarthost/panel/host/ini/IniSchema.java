package io.smarthost.panel.host.ini;

import io.smarthost.panel.api.IniKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every declared {@code panel.ini} key and who declared it (the host, {@code panel}, or a plugin id). A
 * section someone declares a key in is owned; in an owned section an undeclared key is unknown, and a
 * value refused by its key's type is invalid. Sections nobody owns are not checked.
 */
public final class IniSchema {

    private static final Logger LOG = LoggerFactory.getLogger(IniSchema.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** One declared key and its declaring plugin. */
    public record Declared(String owner, IniKey key) {
    }

    /** section -> lower-cased key -> declaration, in declaration order. */
    private final Map<String, Map<String, Declared>> sections;

    private IniSchema(Map<String, Map<String, Declared>> sections) {
        this.sections = sections;
    }

    public static IniSchema empty() {
        return new IniSchema(Map.of());
    }

    /**
     * @param declarations owner id -> the keys it declares, in the order the owners should win when two
     *                     declare the same key differently (the first is kept and the conflict logged)
     */
    public static IniSchema of(Map<String, ? extends Collection<IniKey>> declarations) {
        Map<String, Map<String, Declared>> sections = new LinkedHashMap<>();
        declarations.forEach((owner, keys) -> keys.forEach(key -> {
            Map<String, Declared> section = sections.computeIfAbsent(lower(key.section()), s -> new LinkedHashMap<>());
            Declared earlier = section.putIfAbsent(lower(key.name()), new Declared(owner, key));
            if (earlier != null && !earlier.key().equals(key) && WARNED.add(owner + " " + key.label())) {
                LOG.warn("panel.ini {} is declared by '{}' and again, differently, by '{}'; the first declaration is used",
                        key.label(), earlier.owner(), owner);
            }
        }));
        return new IniSchema(sections);
    }

    public boolean owns(String section) {
        return sections.containsKey(lower(section));
    }

    public Optional<Declared> find(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(lower(section), Map.of()).get(lower(key)));
    }

    /** Every declared key, section by section, in declaration order. */
    public List<Declared> all() {
        List<Declared> all = new ArrayList<>();
        sections.values().forEach(keys -> all.addAll(keys.values()));
        return all;
    }

    /** The problems of {@code file}'s values against this schema, in line order. */
    public List<IniProblem> check(IniFile file) {
        String name = file.file().getFileName().toString();
        Map<Integer, IniProblem> byLine = new TreeMap<>();
        file.entries().forEach((section, keys) -> {
            if (!owns(section)) {
                return;
            }
            keys.forEach((lowerKey, entry) -> {
                Optional<Declared> declared = find(section, lowerKey);
                String problem = declared.map(d -> invalid(d.key(), entry.value()))
                        .orElseGet(() -> Optional.of(unknown(section, entry.key()))).orElse(null);
                if (problem != null) {
                    byLine.put(entry.line(), new IniProblem(name, entry.line(), entry.key(), problem));
                }
            });
        });
        return List.copyOf(byLine.values());
    }

    private static Optional<String> invalid(IniKey key, String value) {
        if (key.type().accepts(value)) {
            return Optional.empty();
        }
        return Optional.of(shown(value) + " is not allowed: " + key.type().allowed() + "; "
                + (key.defaultValue().isEmpty() ? "ignored, as if unset" : "the default (" + key.defaultValue() + ") applies"));
    }

    private String unknown(String section, String key) {
        String text = "unknown key in [" + section + "], ignored";
        Optional<Declared> elsewhere = sections.entrySet().stream().filter(s -> !s.getKey().equals(section))
                .map(s -> s.getValue().get(lower(key))).filter(d -> d != null).findFirst();
        if (elsewhere.isPresent()) {
            return text + "; it belongs in [" + elsewhere.get().key().section() + "]";
        }
        return Suggestions.closest(key, sections.get(section).values().stream().map(d -> d.key().name()).toList())
                .map(s -> text + "; did you mean " + s + "?").orElse(text);
    }

    /** The value in quotes, control characters replaced, a user:password in a URL masked, at most 60 characters. */
    static String shown(String value) {
        String safe = value.replaceAll("\\p{Cntrl}", "?").replaceAll("//[^/@\\s]*@", "//***@");
        return "\"" + (safe.length() > 60 ? safe.substring(0, 57) + "..." : safe) + "\"";
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
