package io.smarthost.core.backend;

import java.util.List;

/**
 * What applying would change, line by line, for the admin to confirm.
 *
 * @param lines           one per setting
 * @param takesOverManual whether settings written by hand would be replaced: then applying needs the
 *                        admin's confirmation
 * @param drift           the settings changed by hand since the panel last wrote them that applying
 *                        would overwrite (each with what will be written)
 */
public record Preview(List<Line> lines, boolean takesOverManual, List<Drift> drift) {
    public Preview {
        lines = List.copyOf(lines);
        drift = List.copyOf(drift);
    }

    /** For backends that cannot tell drift apart from a take-over. */
    public Preview(List<Line> lines, boolean takesOverManual) {
        this(lines, takesOverManual, List.of());
    }

    public enum Action { ADD, CHANGE, REMOVE, KEEP, TAKE_OVER }

    /**
     * @param setting  name (e.g. {@code relayhost}, {@code sasl_passwd: @example.com})
     * @param current  value now, or empty text when absent (secrets masked)
     * @param proposed value after apply, or empty text when removed (secrets masked)
     * @param action   what happens to it
     */
    public record Line(String setting, String current, String proposed, Action action) {
    }
}
