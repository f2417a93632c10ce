package io.smarthost.core.backend;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks the mail server backend from {@code panel.ini [mail] smarthost.backend}:
 * {@code auto} (default) takes the first installed backend, in the order given, whose
 * {@link MailBackend#detect()} is true; an explicit id takes that backend even if detection says
 * no (the admin knows best, e.g. a sandbox configuration folder).
 */
public final class BackendSelector {

    public static final String INI_SECTION = "mail";
    public static final String INI_KEY = "smarthost.backend";
    public static final List<String> KNOWN = List.of("auto", "postfix", "mailenable", "smartermail");

    private BackendSelector() {
    }

    /**
     * @param setting  the {@code panel.ini} value; null or blank means {@code auto}
     * @param backends the installed backends (PF4J extensions), in preference order
     */
    public static BackendSelection select(String setting, List<MailBackend> backends) {
        String wanted = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(wanted)) {
            return none(wanted, "panel.ini [mail] " + INI_KEY + " = " + wanted + " is not one of " + KNOWN);
        }
        if (wanted.equals("auto")) {
            for (MailBackend b : backends) {
                if (b.detect()) {
                    return new BackendSelection(Optional.of(b), wanted, Optional.empty());
                }
            }
            return none(wanted, "no installed backend (" + ids(backends) + ") detected its mail server on this machine;"
                    + " set panel.ini [mail] " + INI_KEY + " to one of " + KNOWN.subList(1, KNOWN.size()));
        }
        return backends.stream().filter(b -> b.id().equals(wanted)).findFirst()
                .map(b -> new BackendSelection(Optional.of(b), wanted, Optional.empty()))
                .orElseGet(() -> none(wanted, "panel.ini [mail] " + INI_KEY + " = " + wanted
                        + " but that backend is not installed (installed: " + ids(backends) + ")"));
    }

    private static BackendSelection none(String setting, String problem) {
        return new BackendSelection(Optional.empty(), setting, Optional.of(problem));
    }

    private static String ids(List<MailBackend> backends) {
        return backends.isEmpty() ? "none" : backends.stream().map(MailBackend::id).collect(Collectors.joining(", "));
    }
}
