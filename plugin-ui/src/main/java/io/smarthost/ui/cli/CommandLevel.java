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

    static Optional<CommandLevel> of(String command) {
        return Optional.ofNullable(switch (command) {
            case "update" -> SERVER;
            case "update-domain", "update-domains", "disable-domains", "remove-domain", "list", "spf" -> DOMAIN;
            case "auth-records", "set-auth-records" -> DOMAIN;
            case "update-sender", "remove-sender", "list-senders", "which-relay" -> DOMAIN; // per-sender relays (1.3)
            case "disable", "info", "check", "send-test", "preview", "status" -> NAMED;
            case "retry" -> SERVER;
            case "repair", "verify", "backend-login", "probe" -> FEATURE;
            case "node-setup", "node-sync", "nodes" -> FEATURE;
            default -> BackendLogin.backendOf(command).isPresent() ? FEATURE : null;
        });
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
