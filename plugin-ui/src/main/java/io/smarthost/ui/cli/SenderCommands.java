package io.smarthost.ui.cli;

import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SenderRelayRow;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.rest.ApiModel;
import io.smarthost.ui.rest.SenderModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-sender relays on the command line: {@code --update-sender ADDRESS [relay options]},
 * {@code --remove-sender ADDRESS}, {@code --list-senders [-domain D] [-json]} and
 * {@code --which-relay ADDRESS [-json]}. The domain is the address's own.
 *
 * @since 1.3
 */
final class SenderCommands {
    private final HostServices host;
    private final CliInvocation inv;
    private final CliPrinter print;

    SenderCommands(HostServices host, CliInvocation inv) {
        this.host = host;
        this.inv = inv;
        this.print = new CliPrinter(inv.out());
    }

    private SmarthostService service() {
        return SmarthostRuntime.service(host);
    }

    int update(CliArgs a, String address, io.smarthost.core.service.Confirm confirm) {
        if (!RelayOptions.any(a)) {
            throw new CliUsageException("--update-sender needs at least one relay option, e.g. -host smtp.example.com");
        }
        String domain = domainOf(address);
        Optional<RelaySettings> stored = service().sender(domain, address).map(SenderRelayRow::settings);
        RelayInput input = RelayOptions.merge(stored, a, inv.stdin());
        print.update(ApiModel.Update.of(service().updateSender(domain, address, input, confirm)));
        return CliArgs.OK;
    }

    int remove(String address, io.smarthost.core.service.Confirm confirm) {
        print.removed(ApiModel.Update.of(service().removeSender(domainOf(address), address, confirm)),
                address + " has no relay of its own");
        return CliArgs.OK;
    }

    /** One domain's sender relays, or every domain's (admins: the CLI runs as the panel's administrator). */
    int list(CliArgs a) {
        List<SenderModel.SenderList> lists = new ArrayList<>();
        Optional<String> domain = a.option("domain");
        if (domain.isPresent()) {
            String name = service().domain(domain.get()).scope().domain().orElse(domain.get());
            lists.add(SenderModel.SenderList.of(name, service().capabilities().senderRelay(), service().senderLimit(),
                    service().senders(name)));
        } else {
            for (String name : service().domainsWithSenders()) {
                lists.add(SenderModel.SenderList.of(name, service().capabilities().senderRelay(), service().senderLimit(),
                        service().senders(name)));
            }
        }
        if (a.flag("json")) {
            print.json(domain.isPresent() ? lists.get(0) : lists);
            return CliArgs.OK;
        }
        printRows(inv.out(), lists);
        return CliArgs.OK;
    }

    static void printRows(PrintStream out, List<SenderModel.SenderList> lists) {
        out.printf("%-40s %-8s %-36s %-10s %s%n", "SENDER", "ENABLED", "RELAY", "ENCRYPTION", "USER");
        int n = 0;
        for (SenderModel.SenderList l : lists) {
            for (SenderModel.Row r : l.items()) {
                out.printf("%-40s %-8s %-36s %-10s %s%n", r.addressDisplay(), r.settings().enabled() ? "yes" : "no",
                        r.settings().relay() == null ? "-" : r.settings().relay(), r.settings().encryption(),
                        r.settings().authentication() ? r.settings().username() : "-");
                n++;
            }
        }
        out.println(n + (n == 1 ? " sender address has" : " sender addresses have") + " a relay of its own");
    }

    int which(CliArgs a, String address) {
        SenderModel.Which w = SenderModel.Which.of(service().whichRelay(address), true, inv.context().user().locale(),
                host.messages(), service()::relaySetByHand);
        if (a.flag("json")) {
            print.json(w);
        } else {
            inv.out().println(w.text());
        }
        return CliArgs.OK;
    }

    /** The address's domain (ASCII), or the address's own error (in the reader's language) on {@code ADDRESS}. */
    private String domainOf(String address) {
        try {
            return SenderAddress.parse(address).domain();
        } catch (SenderAddress.InvalidException e) {
            service().whichRelay(address); // throws the field error in the reader's language
            throw new RelayValidationException(List.of(new FieldError("address", e.problem().messageKey())));
        }
    }
}
