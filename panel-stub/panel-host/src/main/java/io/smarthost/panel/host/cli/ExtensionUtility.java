package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.PluginFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.PluginWrapper;
import org.pf4j.Extension;

/** {@code panel bin extension}: list, install, enable, disable, uninstall plugins. */
@Extension
public final class ExtensionUtility implements CliCommand {

    private final Panel panel;

    public ExtensionUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "extension";
    }

    @Override
    public String summary() {
        return "list, install, enable, disable and uninstall extensions (plugins)";
    }

    @Override
    public String usage() {
        return """
                panel bin extension --list [-json]
                panel bin extension --install FILE      a PF4J zip or jar; checked before it is copied into plugins/
                panel bin extension --enable ID
                panel bin extension --disable ID
                panel bin extension --uninstall ID
                Changes take effect when the panel (re)starts; the enabled/disabled state is kept in plugins/disabled.txt.""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        var plugins = panel.plugins();
        switch (args.command()) {
            case "list" -> {
                args.allowOnly(Set.of("json"));
                List<Map<String, String>> rows = new ArrayList<>();
                for (PluginWrapper p : plugins.getPlugins()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("id", p.getPluginId());
                    row.put("version", p.getDescriptor().getVersion());
                    row.put("state", p.getPluginState().toString().toLowerCase(java.util.Locale.ROOT));
                    row.put("file", p.getPluginPath().getFileName().toString());
                    rows.add(row);
                }
                for (var problem : plugins.problems()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("id", problem.pluginId() == null ? "" : problem.pluginId());
                    row.put("state", "refused");
                    row.put("file", problem.file().getFileName().toString());
                    row.put("reason", problem.reason());
                    if (rows.stream().noneMatch(r -> r.get("file").equals(row.get("file")))) {
                        rows.add(row);
                    } else {
                        rows.stream().filter(r -> r.get("file").equals(row.get("file"))).forEach(r -> r.put("reason", problem.reason()));
                    }
                }
                if (args.flag("json")) {
                    inv.out().println(Json.write(rows));
                } else if (rows.isEmpty()) {
                    inv.out().println("no extension installed");
                } else {
                    rows.forEach(r -> inv.out().println(r.get("id") + "\t" + r.getOrDefault("version", "") + "\t" + r.get("state")
                            + "\t" + r.get("file") + (r.containsKey("reason") ? "\t" + r.get("reason") : "")));
                }
                return CliArgs.OK;
            }
            case "install" -> {
                args.allowOnly(Set.of());
                Path file = Path.of(args.commandValue().orElseThrow(() -> new CliUsageException("--install needs FILE")));
                PluginFile plugin = PluginFile.read(file);
                if (!plugin.hasExtensionIndex()) {
                    throw new IllegalArgumentException("file: " + file.getFileName() + " contains no META-INF/extensions.idx, so "
                            + "the panel would find none of its extensions; build it with PF4J's annotation processor");
                }
                if (!plugins.getVersionManager().checkVersionConstraint(plugins.getSystemVersion(), plugin.requires())) {
                    throw new IllegalArgumentException("file: plugin '" + plugin.id() + "' requires panel " + plugin.requires()
                            + " but this panel is " + plugins.getSystemVersion());
                }
                if (plugins.getPlugin(plugin.id()) != null) {
                    throw new IllegalArgumentException("file: plugin '" + plugin.id() + "' is already installed (version "
                            + plugins.getPlugin(plugin.id()).getDescriptor().getVersion() + "); --uninstall " + plugin.id() + " first");
                }
                String ext = file.getFileName().toString().endsWith(".zip") ? ".zip" : ".jar";
                Path target = panel.home().plugins().resolve(plugin.id() + "-" + plugin.version() + ext);
                try {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + file + " to " + target, e);
                }
                panel.services("panel").actionLog().record("extension.installed", plugin.id(), Map.of("version", plugin.version()));
                inv.out().println("installed " + plugin.id() + " " + plugin.version() + " as " + target
                        + "; restart the panel to load it");
                return CliArgs.OK;
            }
            case "enable", "disable", "uninstall" -> {
                args.allowOnly(Set.of());
                String id = args.commandValue().orElseThrow(() -> new CliUsageException("--" + args.command() + " needs a plugin ID"));
                if (plugins.getPlugin(id) == null) {
                    throw new IllegalArgumentException("id: no installed plugin '" + id + "'; see panel bin extension --list");
                }
                boolean ok = switch (args.command()) {
                    case "enable" -> plugins.enablePlugin(id);
                    case "disable" -> plugins.disablePlugin(id);
                    default -> plugins.deletePlugin(id);
                };
                if (!ok) {
                    inv.err().println(args.command() + " " + id + " failed (see the log above)");
                    return CliArgs.FAILURE;
                }
                panel.services("panel").actionLog().record("extension." + args.command() + "d", id, Map.of());
                inv.out().println(id + ": " + args.command() + "d; takes effect when the panel (re)starts");
                return CliArgs.OK;
            }
            default -> throw new CliUsageException("unknown command --" + args.command() + "; see panel bin extension --help");
        }
    }
}
