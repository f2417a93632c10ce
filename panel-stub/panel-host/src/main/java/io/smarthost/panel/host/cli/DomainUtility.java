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
    /** The panel's domain manager; another in tests (one whose listeners they choose). */
    private final java.util.function.Supplier<DomainManager> manager;

    public DomainUtility(Panel panel) {
        this(panel, panel::domainManager);
    }

    DomainUtility(Panel panel, java.util.function.Supplier<DomainManager> manager) {
        this.panel = panel;
        this.manager = manager;
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
                panel bin domain --create-from FILE [-skip-existing]
                                   one "NAME OWNER" per line, # comments, UTF-8; - reads standard input. Nothing is
                                   created while a line is wrong. -skip-existing: a domain already there with the same
                                   owner counts as done, to resume a run that was interrupted
                panel bin domain --delete NAME
                panel bin domain --rename OLD -new-name NEW
                panel bin domain --add-alias NAME -alias ALIAS
                panel bin domain --remove-alias NAME -alias ALIAS""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        DomainManager manager = this.manager.get();
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
                args.accept(Set.of(), Set.of("skip-existing"));
                return createFrom(inv, args.commandValue().orElseThrow(() -> new CliUsageException(
                        "--create-from needs a file: one \"NAME OWNER\" per line (or - for standard input)")), args.flag("skip-existing"));
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

    /** The longest line {@code --create-from} reads, in characters: far more than a domain name (253) and a login (64) need. */
    static final int MAX_LINE = 1000;

    /**
     * Every line checked first; a problem anywhere creates nothing (exit 2) and names each line. The input is read a
     * line at a time, each at most {@value #MAX_LINE} characters: a file of one 60 MB line ran the panel out of memory.
     */
    private int createFrom(CliInvocation inv, String file, boolean skipExisting) {
        List<DomainManager.NewDomain> lines = new java.util.ArrayList<>();
        List<DomainManager.LineProblem> unread = new java.util.ArrayList<>();
        try (java.io.InputStream in = file.equals("-") ? new java.io.FilterInputStream(inv.stdin()) {
            @Override
            public void close() {
                // standard input is the caller's
            }
        } : open(file)) {
            InputLines text = new InputLines(in, MAX_LINE);
            for (InputLines.Line line; (line = text.next()) != null; ) {
                if (line.problem() != null) {
                    unread.add(new DomainManager.LineProblem(line.number(), line.problem()));
                    continue;
                }
                String words = line.text().strip();
                if (words.isEmpty() || words.startsWith("#")) {
                    continue;
                }
                String[] parts = words.split("[\\s,;]+");
                lines.add(new DomainManager.NewDomain(line.number(), parts[0], parts.length > 1 ? parts[1] : ""));
                if (parts.length > 2) {
                    inv.err().println(file + ":" + line.number() + ": name " + parts[0] + " owner " + parts[1]
                            + ": the rest of the line is ignored");
                }
            }
        } catch (java.io.IOException e) {
            throw new CliUsageException("--create-from: cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() && unread.isEmpty()) {
            throw new CliUsageException("--create-from: " + file + " names no domain (one \"NAME OWNER\" per line)");
        }
        CliProgress progress = CliProgress.of(inv.err(), "creating domains", lines.size());
        DomainManager.Batch batch;
        try {
            batch = manager.get().createAll(lines, skipExisting, unread, progress::update);
        } catch (DomainManager.PartlyCreated e) {
            progress.done();
            inv.err().println("domain: failed after " + e.created() + " of " + e.total() + " domains were created"
                    + (e.skipped() > 0 ? " (" + e.skipped() + " already there skipped)" : "") + ": " + e.getCause().getMessage());
            inv.err().println("The domains created are kept: run the same command with -skip-existing to create the rest.");
            return CliArgs.FAILURE;
        }
        progress.done();
        if (!batch.problems().isEmpty()) {
            batch.problems().forEach(p -> inv.err().println(file + ":" + p.line() + ": " + p.problem()));
            inv.err().println("Nothing was created: " + batch.problems().size() + " line(s) to correct.");
            return CliArgs.BAD_INPUT;
        }
        inv.out().println("create-from: " + batch.created() + " domains created"
                + (skipExisting ? ", " + batch.skipped() + " already there skipped" : ""));
        batch.warnings().forEach(w -> inv.err().println("warning: " + w));
        return CliArgs.OK;
    }

    /** The file to read, or why it cannot be read in one sentence (Java's own message for a missing file is its name). */
    private static java.io.InputStream open(String file) {
        java.nio.file.Path path;
        try {
            path = java.nio.file.Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CliUsageException("--create-from: " + file + " is not a file name (" + e.getReason() + ")");
        }
        if (java.nio.file.Files.isDirectory(path)) {
            throw new CliUsageException("--create-from: " + file + " is a folder, not a file");
        }
        try {
            return java.nio.file.Files.newInputStream(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliUsageException("--create-from: " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliUsageException("--create-from: cannot read " + file + ": permission denied");
        } catch (java.io.IOException e) {
            throw new CliUsageException("--create-from: cannot read " + file + ": " + e.getMessage());
        }
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
