package io.smarthost.core.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Picks the mail server backend from {@code panel.ini [mail] smarthost.backend}:
 * {@code auto} (default) takes the first installed backend, in the order given, whose
 * {@link MailBackend#detect()} is true; an explicit id takes that backend even if detection says
 * no (the admin knows best, e.g. a sandbox configuration folder). The ids allowed are those of the
 * installed backends: nothing here knows a backend by name.
 */
public final class BackendSelector {

    public static final String INI_SECTION = "mail";
    public static final String INI_KEY = "smarthost.backend";
    public static final String AUTO = "auto";

    private BackendSelector() {
    }

    /** {@code installed} in preference order: by {@link MailBackend#order()}, then by id. */
    public static List<MailBackend> inPreferenceOrder(Collection<? extends MailBackend> installed) {
        List<MailBackend> sorted = new ArrayList<>(installed);
        sorted.sort(Comparator.comparingInt(MailBackend::order).thenComparing(MailBackend::id));
        return List.copyOf(sorted);
    }

    /** The values {@code smarthost.backend} may take: {@code auto}, then the ids of {@code backends} in their order. */
    public static List<String> choices(List<MailBackend> backends) {
        return Stream.concat(Stream.of(AUTO), backends.stream().map(MailBackend::id)).distinct().toList();
    }

    /**
     * @param setting  the {@code panel.ini} value; null or blank means {@code auto}
     * @param backends the installed backends (PF4J extensions), in preference order
     */
    public static BackendSelection select(String setting, List<MailBackend> backends) {
        String wanted = setting == null || setting.isBlank() ? AUTO : setting.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals(AUTO)) {
            for (MailBackend b : backends) {
                if (b.detect()) {
                    return new BackendSelection(Optional.of(b), wanted, Optional.empty());
                }
            }
            List<String> ids = choices(backends);
            return none(wanted, "no installed backend (" + ids(backends) + ") detected its mail server on this machine;"
                    + " set panel.ini [mail] " + INI_KEY + " to one of " + ids.subList(1, ids.size()));
        }
        return backends.stream().filter(b -> b.id().equals(wanted)).findFirst()
                .map(b -> new BackendSelection(Optional.of(b), wanted, Optional.empty()))
                .orElseGet(() -> none(wanted, "panel.ini [mail] " + INI_KEY + " = " + wanted + " is not one of "
                        + choices(backends) + " (a backend of that id is not installed)"));
    }

    private static BackendSelection none(String setting, String problem) {
        return new BackendSelection(Optional.empty(), setting, Optional.of(problem));
    }

    private static String ids(List<MailBackend> backends) {
        return backends.isEmpty() ? "none" : backends.stream().map(MailBackend::id).collect(Collectors.joining(", "));
    }
}
