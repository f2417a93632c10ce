package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/** {@code panel bin apikey --create -user NAME}: prints a new REST API key once. */
@Extension
public final class ApiKeyUtility implements CliCommand {

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
        return "create REST API keys (X-API-Key header)";
    }

    @Override
    public String usage() {
        return "panel bin apikey --create -user NAME    prints the key once; only its hash is stored";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        if (!args.command().equals("create")) {
            throw new CliUsageException("unknown command --" + args.command() + "; use --create -user NAME");
        }
        args.accept(Set.of("user"), Set.of());
        String user = args.option("user").orElseThrow(() -> new CliUsageException("--create needs -user NAME"));
        var key = panel.apiKeys().create(user);
        panel.services("panel").actionLog().record("apikey.created", user, Map.of());
        // The one place the key leaves the process in clear: the administrator asked for it.
        inv.out().println(key.reveal());
        return CliArgs.OK;
    }
}
