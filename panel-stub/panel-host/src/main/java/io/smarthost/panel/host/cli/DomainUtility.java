package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliProgress;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.Punycode;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.domains.DomainManager;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/** {@code panel bin domain}: list, create, delete, rename, aliases. Listeners hear about every change. */
@Extension
public final class DomainUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("list", "info", "create", "create-from", "delete", "rename", "add-alias", "remove-alias");

    private final Panel panel;

    public DomainUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "domain";
    }

    @Override
    public String summary() {
        return "list, create, rename and delete domains and their aliases";
    }

    @Override
    public String usage() {
        return """
                panel bin domain --list [-filter TEXT] [-json]
                panel bin domain --info NAME [-json]
                panel bin domain --create NAME -owner USER
                panel bin domain --create-from FILE      (one "NAME OWNER" per line, # comments; - reads standard input)
                panel bin domain --delete NAME
                panel bin domain --rename OLD -new-name NEW
                panel bin domain --add-alias NAME -alias ALIAS
                panel bin domain --remove-alias NAME -alias ALIAS""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        DomainManager manager = panel.domainManager();
        DomainManager.Change change;
        switch (args.command()) {
            case "list" -> {
                args.takesNoValue().accept(Set.of("filter"), Set.of("json"));
                List<Domain> items = panel.domains().list(args.option("filter").orElse(""), 0, Integer.MAX_VALUE).items();
                if (args.flag("json")) {
                    inv.out().println(Json.write(items));
                } else {
                    items.forEach(d -> inv.out().println(d.name() + "\t" + d.owner()
                            + (d.aliases().isEmpty() ? "" : "\taliases: " + String.join(",", d.aliases())) + inUnicode(d)));
                }
                return CliArgs.OK;
            }
            case "info" -> {
                args.accept(Set.of(), Set.of("json"));
                Domain d = panel.domains().find(value(args)).orElseThrow(() -> new CliUsageException("--info: no domain named '" + value(args) + "'"));
                inv.out().println(args.flag("json") ? Json.write(d) : d.name() + "\towner: " + d.owner() + "\taliases: "
                        + String.join(",", d.aliases()) + inUnicode(d));
                return CliArgs.OK;
            }
            case "create" -> {
                args.accept(Set.of("owner"), Set.of());
                change = manager.create(value(args), args.option("owner").orElseThrow(() -> new CliUsageException("--create needs -owner USER")));
            }
            case "create-from" -> {
                args.allowOnly(Set.of());
                return createFrom(inv, args.commandValue().orElseThrow(() -> new CliUsageException(
                        "--create-from needs a file: one \"NAME OWNER\" per line (or - for standard input)")));
            }
            case "delete" -> {
                args.accept(Set.of(), Set.of());
                change = manager.delete(value(args));
            }
            case "rename" -> {
                args.accept(Set.of("new-name"), Set.of());
                change = manager.rename(value(args), args.option("new-name").orElseThrow(() -> new CliUsageException("--rename needs -new-name NEW")));
            }
            case "add-alias" -> {
                args.accept(Set.of("alias"), Set.of());
                change = manager.addAlias(value(args), args.option("alias").orElseThrow(() -> new CliUsageException("--add-alias needs -alias ALIAS")));
            }
            case "remove-alias" -> {
                args.accept(Set.of("alias"), Set.of());
                change = manager.removeAlias(value(args), args.option("alias").orElseThrow(() -> new CliUsageException("--remove-alias needs -alias ALIAS")));
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "see panel bin domain --help");
        }
        inv.out().println(args.command() + ": " + change.domain().name() + " done");
        change.warnings().forEach(w -> inv.err().println("warning: " + w));
        return CliArgs.OK;
    }

    /** Every line checked first; a problem anywhere creates nothing (exit 2) and names each line. */
    private int createFrom(CliInvocation inv, String file) {
        List<String> text;
        try {
            text = file.equals("-")
                    ? new String(inv.stdin().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList()
                    : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new CliUsageException("--create-from: cannot read " + file + ": " + e.getMessage());
        }
        List<DomainManager.NewDomain> lines = new java.util.ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[\\s,;]+");
            lines.add(new DomainManager.NewDomain(i + 1, parts[0], parts.length > 1 ? parts[1] : "")
            );
            if (parts.length > 2) {
                inv.err().println(file + ":" + (i + 1) + ": name " + parts[0] + " owner " + parts[1]
                        + ": the rest of the line is ignored");
            }
        }
        if (lines.isEmpty()) {
            throw new CliUsageException("--create-from: " + file + " names no domain (one \"NAME OWNER\" per line)");
        }
        CliProgress progress = CliProgress.of(inv.err(), "creating domains", lines.size());
        DomainManager.Batch batch = panel.domainManager().createAll(lines, progress::update);
        progress.done();
        if (!batch.problems().isEmpty()) {
            batch.problems().forEach(p -> inv.err().println(file + ":" + p.line() + ": " + p.problem()));
            inv.err().println("Nothing was created: " + batch.problems().size() + " line(s) to correct.");
            return CliArgs.BAD_INPUT;
        }
        inv.out().println("create-from: " + batch.created() + " domains created");
        batch.warnings().forEach(w -> inv.err().println("warning: " + w));
        return CliArgs.OK;
    }

    private static String value(CliArgs args) {
        return args.commandValue().orElseThrow(() -> new CliUsageException("--" + args.command() + " needs a domain name"));
    }

    /**
     * Last fields for names with punycode labels: their Unicode forms, as the pages show them ({@code
     * xn--strae-oqa.example} is straße.example): the domain's when it has one, then its aliases' in the same order as
     * the ASCII ones when one of them has one; nothing when every name is ASCII. The fields before them stay as they were, for scripts that read them.
     */
    static String inUnicode(Domain d) {
        String name = Punycode.toUnicode(d.name());
        List<String> aliases = d.aliases().stream().map(Punycode::toUnicode).toList();
        boolean aliasesDiffer = !aliases.equals(d.aliases());
        return (name.equals(d.name()) ? "" : "\tin Unicode: " + name)
                + (aliasesDiffer ? "\taliases in Unicode: " + String.join(",", aliases) : "");
    }
}
