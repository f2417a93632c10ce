package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.extensions.ControlClient;
import io.smarthost.panel.host.extensions.catalog.CatalogException;
import io.smarthost.panel.host.extensions.catalog.Fetcher;
import io.smarthost.panel.host.extensions.catalog.ExtensionInstaller;
import io.smarthost.panel.host.extensions.catalog.PluginArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;
import org.pf4j.PluginWrapper;

/**
 * {@code panel bin extension}: list installed plugins and the catalogue; install (a local file or a
 * catalogue id), update, enable, disable, uninstall. Changes act on the running panel: in the server
 * process directly; in a {@code panel bin} process they are forwarded to the server of the same home
 * when one runs ({@link ControlClient}), else applied to the files (the plugins load at the next start).
 */
@Extension
public final class ExtensionUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("list", "catalog", "install", "update", "update-all", "enable", "disable", "uninstall");

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
        return "list, install (file or catalogue), update, enable, disable and uninstall extensions (plugins)";
    }

    @Override
    public String usage() {
        return """
                panel bin extension --list [-json]
                panel bin extension --catalog [-json]          plugins of the catalogues in panel.ini [extensions] repositories
                panel bin extension --install FILE             a PF4J .zip or .jar (checked, then loaded and started)
                panel bin extension --install ID [-version V]  from a catalogue: newest compatible release, or V
                panel bin extension --update ID
                panel bin extension --update-all
                panel bin extension --enable ID
                panel bin extension --disable ID
                panel bin extension --uninstall ID
                While the panel server runs, changes are made by the server itself (no restart); otherwise
                they are made on the files and take effect at the next start. Restricted mode refuses
                installs and updates from catalogues (a local FILE still works).""";
    }

    private static final Set<String> CHANGES = Set.of("install", "update", "update-all", "enable", "disable", "uninstall");

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        if (CHANGES.contains(args.command()) && !panel.isServing()) {
            Optional<Integer> forwarded = forward(inv, args);
            if (forwarded.isPresent()) {
                return forwarded.get();
            }
        }
        try {
            // catalogue downloads draw a bar on a terminal, plain lines otherwise (issue 16)
            return Fetcher.listening(new DownloadBars(inv.err()), () -> command(inv, args));
        } catch (CatalogException e) {
            inv.err().println("extension: " + e.getMessage());
            return e.getMessage().startsWith("id: ") || e.getMessage().startsWith("file: ") ? CliArgs.BAD_INPUT : CliArgs.FAILURE;
        }
    }

    private int command(CliInvocation inv, CliArgs args) throws CatalogException {
        return switch (args.command()) {
            case "list" -> list(inv, args.takesNoValue().accept(Set.of(), Set.of("json")));
            case "catalog" -> catalog(inv, args.takesNoValue().accept(Set.of(), Set.of("json")));
            case "install" -> install(inv, args.accept(Set.of("version"), Set.of()));
            case "update" -> {
                String id = id(args.accept(Set.of(), Set.of()));
                String version = panel.extensions().update(id);
                inv.out().println(id + ": " + version + done());
                yield CliArgs.OK;
            }
            case "update-all" -> {
                args.takesNoValue().accept(Set.of(), Set.of());
                List<String> results = panel.extensions().updateAll();
                results.forEach(inv.out()::println);
                if (results.isEmpty()) {
                    inv.out().println("no installed plugin is offered by the catalogues");
                }
                yield results.stream().anyMatch(r -> r.contains(": failed: ")) ? CliArgs.FAILURE : CliArgs.OK;
            }
            case "enable" -> {
                String id = id(args.accept(Set.of(), Set.of()));
                panel.extensions().enable(id);
                inv.out().println(id + ": enabled" + done());
                yield CliArgs.OK;
            }
            case "disable" -> {
                String id = id(args.accept(Set.of(), Set.of()));
                panel.extensions().disable(id);
                inv.out().println(id + ": disabled" + done());
                yield CliArgs.OK;
            }
            case "uninstall" -> {
                String id = id(args.accept(Set.of(), Set.of()));
                panel.extensions().uninstall(id);
                inv.out().println(id + ": uninstalled" + done());
                yield CliArgs.OK;
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "see panel bin extension --help");
        };
    }

    private String done() {
        return panel.isServing() ? " (the running panel has applied it)" : "; takes effect when the panel starts";
    }

    private Optional<Integer> forward(CliInvocation inv, CliArgs args) {
        List<String> words = new ArrayList<>(inv.args());
        if (args.command().equals("install") && args.commandValue().map(ExtensionUtility::isFile).orElse(false)) {
            // the server resolves paths against its own working directory
            words.set(1, Path.of(args.commandValue().get()).toAbsolutePath().normalize().toString());
        }
        try {
            Optional<ControlClient.Outcome> outcome = ControlClient.forward(panel.home().data(), words, Duration.ofMinutes(10));
            outcome.ifPresent(o -> {
                inv.out().print(o.out());
                inv.err().print(o.err());
            });
            return outcome.map(ControlClient.Outcome::exitCode);
        } catch (IOException e) {
            inv.err().println("extension: " + e.getMessage());
            return Optional.of(CliArgs.FAILURE);
        }
    }

    private static String id(CliArgs args) {
        return args.commandValue().orElseThrow(() -> new CliUsageException("--" + args.command() + " needs a plugin ID"));
    }

    /** An existing path, or a name ending in .zip/.jar, is a local file; anything else a catalogue id. */
    static boolean isFile(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".jar") || value.contains("/") || value.contains("\\")
                || Files.exists(Path.of(value));
    }

    private int install(CliInvocation inv, CliArgs args) throws CatalogException {
        String value = args.commandValue().orElseThrow(() -> new CliUsageException("--install needs FILE or a catalogue ID"));
        if (isFile(value)) {
            if (args.option("version").isPresent()) {
                throw new CliUsageException("-version applies to a catalogue ID, not to a FILE");
            }
            PluginArchive.Descriptor d = panel.extensions().installFile(Path.of(value));
            inv.out().println("installed " + d.id() + " " + d.version() + " from " + Path.of(value).getFileName() + done());
        } else {
            String version = panel.extensions().install(value, args.option("version"));
            inv.out().println("installed " + value + " " + version + " from the catalogue" + done());
        }
        return CliArgs.OK;
    }

    private int catalog(CliInvocation inv, CliArgs args) throws CatalogException {
        List<ExtensionInstaller.Row> rows = panel.extensions().catalog();
        if (args.flag("json")) {
            inv.out().println(Json.write(rows));
        } else if (rows.isEmpty()) {
            inv.out().println("the catalogues offer no plugin");
        } else {
            inv.out().println("id\tinstalled\tavailable\tcompatible\tstatus\tdescription");
            rows.forEach(r -> inv.out().println(r.id() + "\t" + dash(r.installedVersion()) + "\t" + dash(r.newestVersion())
                    + "\t" + dash(r.newestCompatibleVersion()) + "\t" + r.status() + "\t" + Optional.ofNullable(r.description()).orElse("")));
        }
        return CliArgs.OK;
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private int list(CliInvocation inv, CliArgs args) {
        var plugins = panel.plugins();
        List<Map<String, String>> rows = new ArrayList<>();
        for (PluginWrapper p : plugins.getPlugins()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", p.getPluginId());
            row.put("version", p.getDescriptor().getVersion());
            row.put("state", p.getPluginState().toString().toLowerCase(Locale.ROOT));
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
}
