package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliStdin;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.smarthost.panel.api.CustomerPermission;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/** {@code panel bin user}: accounts. Passwords come from standard input only. */
@Extension
public final class UserUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("list", "create", "set-password", "delete", "update");

    private final Panel panel;

    public UserUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "user";
    }

    @Override
    public String summary() {
        return "create, list and delete users; set their passwords; allow or deny customers what plugins declare";
    }

    @Override
    public String usage() {
        StringBuilder out = new StringBuilder("""
                panel bin user --list [-json]
                panel bin user --create NAME -role admin|customer -password-stdin   (password on standard input)
                panel bin user --set-password NAME -password-stdin
                panel bin user --delete NAME      removes the user, revokes their API keys and ends their sessions
                                                  (refused while they own domains, and for the last admin)
                panel bin user --update NAME -PERMISSION true|false   (a customer; permissions:""");
        List<CustomerPermission> permissions = permissions();
        if (permissions.isEmpty()) {
            out.append(" none declared)");
        } else {
            out.append(")");
            for (CustomerPermission p : permissions) {
                out.append("\n    -").append(p.name()).append(" true|false: ").append(p.description())
                        .append(" (default ").append(p.allowedByDefault()).append(")");
            }
        }
        return out.toString();
    }

    /** The customer permissions the started plugins declare, by name. */
    private List<CustomerPermission> permissions() {
        return panel.plugins().extensionsOf(CustomerPermission.class).stream()
                .sorted(Comparator.comparing(CustomerPermission::name)).toList();
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        switch (args.command()) {
            case "list" -> {
                args.takesNoValue().accept(Set.of(), Set.of("json"));
                var users = panel.users().list().stream().map(u -> Map.of("login", u.login(), "role", u.role().name().toLowerCase(Locale.ROOT))).toList();
                inv.out().println(args.flag("json") ? Json.write(users)
                        : String.join("\n", users.stream().map(u -> u.get("login") + "\t" + u.get("role")).toList()));
                return CliArgs.OK;
            }
            case "create" -> {
                args.accept(Set.of("role"), Set.of("password-stdin"));
                String name = args.commandValue().orElseThrow(() -> new CliUsageException("--create needs a user name"));
                String roleText = args.option("role").orElseThrow(() -> new CliUsageException("--create needs -role admin|customer"));
                Role role = switch (roleText) {
                    case "admin" -> Role.ADMIN;
                    case "customer" -> Role.CUSTOMER;
                    default -> throw new CliUsageException("-role must be admin or customer, not '" + roleText + "'");
                };
                panel.users().create(name, role, password(args, inv));
                panel.services("panel").actionLog().record("user.created", name, Map.of("role", roleText));
                inv.out().println("user " + name + " created (" + roleText + ")");
                return CliArgs.OK;
            }
            case "set-password" -> {
                args.accept(Set.of(), Set.of("password-stdin"));
                String name = args.commandValue().orElseThrow(() -> new CliUsageException("--set-password needs a user name"));
                panel.users().setPassword(name, password(args, inv));
                panel.services("panel").actionLog().record("user.password.changed", name, Map.of());
                inv.out().println("password of " + name + " changed");
                return CliArgs.OK;
            }
            case "delete" -> {
                args.accept(Set.of(), Set.of());
                String name = args.commandValue().orElseThrow(() -> new CliUsageException("--delete needs a user name"));
                int keys = panel.apiKeys().list(java.util.Optional.of(name)).size();
                var removed = panel.users().delete(name);
                int sessions = panel.endSessionsOf(removed.id());
                panel.services("panel").actionLog().record("user.deleted", name,
                        Map.of("role", removed.role().name().toLowerCase(Locale.ROOT), "apiKeysRevoked", String.valueOf(keys)));
                inv.out().println("user " + name + " deleted; " + keys + " API key(s) revoked"
                        + (sessions > 0 ? ", " + sessions + " session(s) ended" : "; their sessions end at their next request"));
                return CliArgs.OK;
            }
            case "update" -> {
                return update(args, inv);
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "see panel bin user --help");
        }
    }

    /** {@code --update NAME -PERMISSION true|false}: allows or denies a customer what a plugin declared. */
    private int update(CliArgs args, CliInvocation inv) {
        Map<String, CustomerPermission> declared = new TreeMap<>();
        permissions().forEach(p -> declared.put(p.name(), p));
        args.allowOnly(declared.keySet());
        String name = args.commandValue().orElseThrow(() -> new CliUsageException("--update needs a user name"));
        var user = panel.users().find(name).orElseThrow(() -> new CliUsageException("no user named '" + name + "'"));
        if (user.role() != Role.CUSTOMER) {
            throw new CliUsageException(name + " is an administrator: permissions are for customers (administrators may use everything)");
        }
        Map<String, Boolean> changes = new TreeMap<>();
        for (String permission : declared.keySet()) {
            args.option(permission).ifPresent(value -> {
                if (!value.equals("true") && !value.equals("false")) {
                    // the word is not repeated: a secret typed one option too far would reach the screen and logs
                    throw new CliUsageException("-" + permission + " must be true or false (the word given is neither;"
                            + " it is not repeated)");
                }
                changes.put(permission, Boolean.parseBoolean(value));
            });
        }
        if (changes.isEmpty()) {
            throw new CliUsageException("--update needs one of " + declared.keySet().stream().map(p -> "-" + p + " true|false").toList()
                    + (declared.isEmpty() ? " (no started plugin declares a permission)" : ""));
        }
        changes.forEach((permission, allowed) -> {
            panel.settings().setCustomerPermission(name, permission, allowed);
            panel.services("panel").actionLog().record("user.permission.changed", name, Map.of(permission, String.valueOf(allowed)));
            inv.out().println(name + ": " + permission + " " + (allowed ? "allowed" : "denied"));
        });
        return CliArgs.OK;
    }

    private static char[] password(CliArgs args, CliInvocation inv) {
        if (!args.flag("password-stdin")) {
            throw new CliUsageException("-password-stdin is required: the password is read from standard input, never from arguments");
        }
        return CliStdin.secretLine(inv.stdin(), "-password-stdin", "pipe the password, e.g. printf '%s\\n' \"$PASSWORD\""
                + " | panel bin user ... -password-stdin").toCharArray();
    }
}
