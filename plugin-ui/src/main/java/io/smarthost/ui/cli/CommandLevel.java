package io.smarthost.ui.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.ui.FeatureGate;
import java.util.Optional;

/**
 * Which level of the feature each command of {@code panel bin smarthost} belongs to: what the host asks
 * ({@link SmarthostCli#hidden}) before it runs one, so that a hidden level's commands are refused
 * whatever their options, with the switch that hides them named. A command missing here is unknown
 * ({@link SmarthostCli#run} refuses it), so a new command cannot forget its level.
 */
enum CommandLevel {
    /** The server-wide relay. */
    SERVER,
    /** One or many domains' relays, the Smarthosts list, SPF. */
    DOMAIN,
    /** The domain named by {@code -domain D}, else the server-wide relay. */
    NAMED,
    /** The feature as a whole (repair, self-check, a backend's own settings): hidden when both levels are. */
    FEATURE;

    /** Each command's level; a backend's own login command ({@link BackendLogin#backendOf}) is {@link #FEATURE}. */
    private static final java.util.Map<String, CommandLevel> LEVELS = levels();

    private static java.util.Map<String, CommandLevel> levels() {
        java.util.Map<String, CommandLevel> m = new java.util.LinkedHashMap<>();
        for (String c : new String[] {"update", "retry"}) {
            put(m, c, SERVER);
        }
        for (String c : new String[] {"update-domain", "update-domains", "disable-domains", "remove-domain", "list", "spf",
                "auth-records", "set-auth-records",
                "update-sender", "remove-sender", "list-senders", "which-relay"}) { // per-sender relays (1.3)
            put(m, c, DOMAIN);
        }
        for (String c : new String[] {"disable", "info", "check", "send-test", "preview", "status"}) {
            put(m, c, NAMED);
        }
        for (String c : new String[] {"repair", "verify", "backend-login", "probe", "node-setup", "node-sync", "nodes"}) {
            put(m, c, FEATURE);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** One level per command: a command listed twice is a mistake a switch's duplicate label would have caught. */
    private static void put(java.util.Map<String, CommandLevel> m, String command, CommandLevel level) {
        if (m.put(command, level) != null) {
            throw new IllegalStateException("command --" + command + " is given two levels");
        }
    }

    static Optional<CommandLevel> of(String command) {
        CommandLevel level = LEVELS.get(command);
        return level != null ? Optional.of(level)
                : BackendLogin.backendOf(command).isPresent() ? Optional.of(FEATURE) : Optional.empty();
    }

    /** The commands' names (without their dashes), for the "did you mean" of an unknown one. */
    static java.util.Set<String> names() {
        return LEVELS.keySet();
    }

    /** Why the command of {@code args} is hidden now, or empty (also for an unknown command: run says so). */
    static Optional<String> hidden(CliArgs args, FeatureGate gate) {
        return of(args.command()).flatMap(level -> level.reason(args, gate));
    }

    private Optional<String> reason(CliArgs args, FeatureGate gate) {
        if (this == FEATURE) {
            return gate.someLevel() ? Optional.empty()
                    : Optional.of("the smarthost feature is hidden: " + gate.serverHiddenReason());
        }
        if (this == DOMAIN || this == NAMED && args.option("domain").isPresent()) {
            return gate.domainLevel() ? Optional.empty()
                    : Optional.of("the domain-level smarthost is hidden: " + gate.domainHiddenReason());
        }
        return gate.serverLevel() ? Optional.empty()
                : Optional.of("the server-wide smarthost is hidden: " + gate.serverHiddenReason());
    }
}
