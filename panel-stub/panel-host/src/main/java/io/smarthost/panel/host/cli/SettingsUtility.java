package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/** {@code panel bin settings}: panel-wide settings (restricted mode...) and panel.ini reloading. */
@Extension
public final class SettingsUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("set", "get", "list", "reload-ini");

    private final Panel panel;

    public SettingsUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "settings";
    }

    @Override
    public String summary() {
        return "panel settings (restricted_mode, ...) and panel.ini reload";
    }

    @Override
    public String usage() {
        return """
                panel bin settings --set KEY=VALUE      e.g. --set restricted_mode=true; the keys:
                    restricted_mode=true|false          hide what plugins mark as restricted (see README, Visibility)
                    panel_name=NAME                     the name the pages and the browser's tab show (up to 60
                                                        characters); panel_name= brings back the default
                    default_language=en|fr              the pages' language for a visitor who has not chosen one
                                                        and whose browser asks for neither (default en)
                panel bin settings --get KEY
                panel bin settings --list [-json]
                panel bin settings --reload-ini         re-read panel.ini and list its problems, one
                                                        "panel.ini:LINE: key: problem" a line;
                                                        exit 1 when there is any, 0 when there is none""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        switch (args.command()) {
            case "set" -> {
                args.accept(Set.of(), Set.of());
                String pair = args.commandValue().orElseThrow(() -> new CliUsageException("--set needs KEY=VALUE"));
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new CliUsageException("--set needs KEY=VALUE: the word after it has no '=' (it is not repeated: it may be a secret)");
                }
                String key = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                panel.settings().set(key, value);
                String saved = panel.settings().get(key).orElse("");
                panel.services("panel").actionLog().record("settings.changed", key, Map.of("value", saved));
                inv.out().println(saved.isEmpty() ? key + " unset: the default applies" : key + " = " + saved);
                return CliArgs.OK;
            }
            case "get" -> {
                args.accept(Set.of(), Set.of());
                String key = args.commandValue().orElseThrow(() -> new CliUsageException("--get needs KEY"));
                if (key.equals("restricted_mode")) {
                    inv.out().println(panel.settings().restrictedMode());
                    return CliArgs.OK;
                }
                var value = panel.settings().get(key);
                if (value.isEmpty()) {
                    inv.err().println("setting '" + key + "' is not set");
                    return CliArgs.FAILURE;
                }
                inv.out().println(value.get());
                return CliArgs.OK;
            }
            case "list" -> {
                args.takesNoValue().accept(Set.of(), Set.of("json"));
                var all = new java.util.TreeMap<>(panel.settings().all());
                all.putIfAbsent("restricted_mode", "false");
                if (args.flag("json")) {
                    inv.out().println(Json.write(all));
                } else {
                    all.forEach((k, v) -> inv.out().println(k + " = " + v));
                }
                return CliArgs.OK;
            }
            case "reload-ini" -> {
                args.takesNoValue().accept(Set.of(), Set.of());
                var problems = panel.ini().reload();
                inv.out().println("panel.ini re-read: " + panel.ini().file());
                if (problems.isEmpty()) {
                    inv.out().println("No problem found in panel.ini.");
                    return CliArgs.OK;
                }
                problems.forEach(p -> inv.out().println(p));
                inv.out().println(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                        + " in panel.ini; each line above says what applies instead.");
                return CliArgs.FAILURE;
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "see panel bin settings --help");
        }
    }
}
