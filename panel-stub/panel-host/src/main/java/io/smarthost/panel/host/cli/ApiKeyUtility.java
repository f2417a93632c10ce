package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.accounts.ApiKeys;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code panel bin apikey}: creates a REST API key (printed once; only its hash is kept), lists keys (never the key:
 * its first characters, its user, when it was made and last used) and revokes one.
 */
@Extension
public final class ApiKeyUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("create", "list", "revoke");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private final Panel panel;

    public ApiKeyUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "apikey";
    }

    @Override
    public String summary() {
        return "create, list and revoke REST API keys (X-API-Key header)";
    }

    @Override
    public String usage() {
        return """
                panel bin apikey --create -user NAME       prints the key once; only its hash is stored
                panel bin apikey --list [-user NAME] [-json]
                                                           id, user, first characters, created, last used (UTC)
                panel bin apikey --revoke ID               the key stops working at once""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        switch (args.command()) {
            case "create" -> {
                args.takesNoValue().accept(Set.of("user"), Set.of());
                String user = args.option("user").orElseThrow(() -> new CliUsageException("--create needs -user NAME"));
                var key = panel.apiKeys().create(user);
                panel.services("panel").actionLog().record("apikey.created", user, Map.of());
                // The one place the key leaves the process in clear: the administrator asked for it.
                inv.out().println(key.reveal());
                return CliArgs.OK;
            }
            case "list" -> {
                args.takesNoValue().accept(Set.of("user"), Set.of("json"));
                Optional<String> user = args.option("user");
                if (user.isPresent() && panel.users().find(user.get()).isEmpty()) {
                    throw new IllegalArgumentException("user: no user named '" + user.get() + "'");
                }
                List<ApiKeys.Listed> keys = panel.apiKeys().list(user);
                if (args.flag("json")) {
                    inv.out().println(Json.write(keys.stream().map(ApiKeyUtility::json).toList()));
                } else if (keys.isEmpty()) {
                    inv.out().println("No API key" + user.map(u -> " of " + u).orElse("") + ".");
                } else {
                    inv.out().println("ID\tUSER\tKEY\tCREATED\tLAST USED");
                    keys.forEach(k -> inv.out().println(k.id() + "\t" + k.login() + "\t" + k.hint() + "...\t" + TIME.format(k.created())
                            + "\t" + k.lastUsed().map(TIME::format).orElse("never")));
                }
                return CliArgs.OK;
            }
            case "revoke" -> {
                args.accept(Set.of(), Set.of());
                String text = args.commandValue().orElseThrow(() -> new CliUsageException("--revoke needs the key's ID (see --list)"));
                long id;
                try {
                    id = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new CliUsageException("--revoke: '" + text + "' is not a key ID (a number; see panel bin apikey --list)");
                }
                ApiKeys.Listed revoked = panel.apiKeys().revoke(id)
                        .orElseThrow(() -> new IllegalArgumentException("id: no API key with ID " + id + "; see panel bin apikey --list"));
                panel.services("panel").actionLog().record("apikey.revoked", revoked.login(), Map.of("id", String.valueOf(id)));
                inv.out().println("API key " + id + " (" + revoked.hint() + "..., user " + revoked.login() + ") revoked");
                return CliArgs.OK;
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "use --create -user NAME, --list or --revoke ID");
        }
    }

    private static Map<String, Object> json(ApiKeys.Listed k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("user", k.login());
        m.put("hint", k.hint());
        m.put("created", k.created().toString());
        m.put("lastUsed", k.lastUsed().map(Instant::toString).orElse(null));
        return m;
    }
}
