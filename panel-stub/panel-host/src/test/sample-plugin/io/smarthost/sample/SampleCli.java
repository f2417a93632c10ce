package io.smarthost.sample;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

@Extension
public class SampleCli implements CliCommand {

    private final HostServices services;

    public SampleCli(HostServices services) {
        this.services = services;
    }

    public String utility() { return "sample"; }
    public String summary() { return "the sample plugin's utility"; }
    public String usage() { return "panel bin sample --hello -name NAME | --ini | --greet | --worker"; }

    /** {@code --greet} is hidden with the rest of the greeting ({@link SampleGreeting}); the others never are. */
    public Optional<String> hidden(List<String> args, RequestContext context) {
        return CliArgs.parse(args).command().equals("greet") ? SampleGreeting.hidden(services) : Optional.empty();
    }

    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args()).allowOnly(Set.of("name"));
        if (args.command().equals("greet")) {
            SampleGreeting.greet(services, "cli");
            inv.out().println("greeted");
            return CliArgs.OK;
        }
        if (args.command().equals("worker")) {
            inv.out().println("worker thread " + SampleWorker.of(services).threadId());
            return CliArgs.OK;
        }
        if (args.command().equals("ini")) {
            inv.out().println("enabled=" + services.ini().getBoolean(SampleIniKeys.ENABLED)
                    + " greetings=" + services.ini().getInt(SampleIniKeys.GREETINGS));
            return CliArgs.OK;
        }
        if (!args.command().equals("hello")) {
            throw new CliUsageException("unknown command --" + args.command());
        }
        String name = args.option("name").orElseThrow(() -> new CliUsageException("-name is required"));
        inv.out().println("hello " + name + " from " + services.pluginId() + " as " + inv.context().user().login());
        return CliArgs.OK;
    }
}
