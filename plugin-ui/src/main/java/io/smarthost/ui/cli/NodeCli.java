package io.smarthost.ui.cli;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.MailNodes;
import io.smarthost.core.service.NodeCommands;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.services.HostServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --node-setup -config-directory DIR [-name NODE]}, {@code --node-sync -config-directory DIR} and
 * {@code --nodes [-json]}: Postfix nodes that read the relay maps from the panel's PostgreSQL database
 * ({@code [mail] smarthost.postfix.maps = pgsql}). Exit 0 done, 1 refused or failed, 2 bad input.
 */
final class NodeCli {
    private final HostServices host;
    private final CliInvocation inv;

    NodeCli(HostServices host, CliInvocation inv) {
        this.host = host;
        this.inv = inv;
    }

    int setup(CliArgs args) {
        Path dir = folder(args);
        Optional<String> name = args.option("name");
        return run(() -> new NodeCommands(host).setup(dir, name));
    }

    int sync(CliArgs args) {
        Path dir = folder(args);
        return run(() -> new NodeCommands(host).sync(dir));
    }

    int list(CliArgs args) {
        MailNodes.Fleet fleet;
        try {
            fleet = new NodeCommands(host).nodes().fleet();
        } catch (BackendException e) {
            inv.err().println("smarthost: " + e.getMessage());
            return CliArgs.FAILURE;
        }
        if (args.flag("json")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("generation", fleet.generation());
            out.put("nodes", fleet.nodes().stream().map(n -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n.name());
                m.put("configDirectory", n.configDirectory());
                m.put("generation", n.generation());
                m.put("lastContact", n.lastContact().map(Object::toString).orElse(null));
                m.put("behind", n.behind());
                return m;
            }).toList());
            new CliPrinter(inv.out()).json(out);
        } else {
            inv.out().println("Server-wide generation " + fleet.generation() + "; " + fleet.nodes().size() + " node(s)");
            for (MailNodes.Node n : fleet.nodes()) {
                inv.out().println(String.format("  %-24s generation %-6d last contact %s%s  %s", n.name(), n.generation(),
                        n.lastContact().map(Object::toString).orElse("never"), n.behind() ? "  BEHIND" : "", n.configDirectory()));
            }
        }
        return fleet.nodes().stream().anyMatch(MailNodes.Node::behind) ? CliArgs.FAILURE : CliArgs.OK;
    }

    private static Path folder(CliArgs args) {
        String value = args.option("config-directory").orElseThrow(() -> new CliUsageException(
                "--" + args.command() + " needs -config-directory DIR (the node's Postfix folder, with main.cf and master.cf)"));
        Path dir = Path.of(value);
        if (!dir.isAbsolute()) {
            throw new CliUsageException("-config-directory: an absolute path is needed, not '" + value + "'");
        }
        if (!Files.isRegularFile(dir.resolve("main.cf")) || !Files.isRegularFile(dir.resolve("master.cf"))) {
            throw new CliUsageException("-config-directory: " + dir + " has no main.cf and master.cf (a Postfix"
                    + " configuration folder is needed)");
        }
        return dir;
    }

    @FunctionalInterface
    private interface Step {
        List<String> run() throws BackendException;
    }

    private int run(Step step) {
        try {
            step.run().forEach(line -> inv.out().println("  " + line));
            inv.out().println("Done.");
            return CliArgs.OK;
        } catch (BackendException e) {
            inv.err().println("smarthost: the node could not be set up or synchronised (step " + e.step() + "): " + e.getMessage());
            return CliArgs.FAILURE;
        } catch (IllegalArgumentException e) {
            inv.err().println("smarthost: " + e.getMessage());
            return CliArgs.BAD_INPUT;
        }
    }
}
