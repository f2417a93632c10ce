package io.smarthost.core.backend;

import java.util.List;

/**
 * The result of comparing the desired state with every place the mail server reads it from.
 *
 * @param checked       what was compared, for people (e.g. {@code main.cf}, {@code sasl_passwd.db})
 * @param disagreements every difference found; empty when the mail server does what the store says
 * @param supported     false when the backend cannot read its configuration back (nothing was compared)
 */
public record Verification(List<String> checked, List<Disagreement> disagreements, boolean supported) {
    public Verification {
        checked = List.copyOf(checked);
        disagreements = List.copyOf(disagreements);
    }

    public static Verification unsupported(String why) {
        return new Verification(List.of(), List.of(new Disagreement("unsupported", "", why)), false);
    }

    public boolean agrees() {
        return supported && disagreements.isEmpty();
    }

    /**
     * One difference.
     *
     * @param code  stable id for scripts: {@code main.cf}, {@code master.cf}, {@code map}, {@code db},
     *              {@code interrupted}, {@code unreadable}, {@code generation} (the mail server is behind the store),
     *              {@code node} (a Postfix node is behind), {@code srs}, {@code unsupported}; each has a label in the
     *              plugin's bundles ({@code smarthost.health.code.*}) and an unknown one reads as {@code error}
     * @param where the file and key or line ({@code main.cf:12}, {@code sasl_passwd @example.com}), or the node's
     *              name; no secret
     * @param what  the difference in words (values masked where they hold secrets)
     */
    public record Disagreement(String code, String where, String what) {
    }
}
