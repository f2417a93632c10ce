package io.smarthost.ui.cli;

import io.smarthost.core.check.CheckRefusedException;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.TestMail;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ConfirmationRequiredException;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.service.UnknownDomainException;
import io.smarthost.core.service.UpdateResult;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.BackendForms;
import io.smarthost.ui.FeatureGate;
import io.smarthost.ui.SpfIncludes;
import io.smarthost.ui.rest.ApiModel;
import io.smarthost.ui.rest.RelayChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * {@code panel bin smarthost}: the smarthost feature on the command line, Plesk style, with the same
 * powers, validation and visibility switches as the pages and the API. Exit codes: 0 done, 2 bad input
 * (the message names the option), 1 failure (mail server refused, check failed, feature hidden). The
 * host refuses a command of a hidden level before it runs ({@link #hidden}, {@link CommandLevel}).
 */
@Extension
public class SmarthostCli implements CliCommand {
    private final HostServices host;
    private final FeatureGate gate;

    public SmarthostCli(HostServices host) {
        this.host = host;
        this.gate = new FeatureGate(host);
    }

    @Override
    public String utility() {
        return "smarthost";
    }

    @Override
    public String summary() {
        return "outgoing mail through an SMTP relay (server-wide and per domain)";
    }

    @Override
    public String usage() {
        return """
                panel bin smarthost COMMAND [options]

                Relay options (for --update, --update-domain, --update-domains, --check, --preview):
                  -enabled true|false  -host H  -port N  -encryption starttls|tls|none
                  -verify-certificate true|false  -auth true|false  -username U  -password-stdin  -provider ID
                  Options left out keep their saved value. The password or API key is read from standard input
                  (-password-stdin); it is never taken as an option.
                  Backup relay (tried when the relay is unreachable or answers 4xx; same encryption):
                  -backup-host H  -backup-port N  -backup-login same|own  -backup-username U
                  -backup-password-stdin (own login; not with -password-stdin in the same call)  -no-backup
                  A domain's backup always uses the domain's login (Postfix looks logins up by sender).

                  --update [relay options] [-confirm-takeover true]      server-wide relay
                  --update -srs on|off                                   SRS: forwarded mail leaves with a rewritten
                                                                         sender that passes SPF (Postfix + postsrsd);
                                                                         with relay options, the relay is saved first
                  --update-domain DOMAIN [relay options] [-confirm-takeover true]
                  --update-domains -domains a.example,b.example [relay options]   same relay for many domains
                                   (-domains-from FILE: one domain per line, - for standard input;
                                   a progress bar on a terminal);
                                   options left out keep the domains' saved value (domains without settings
                                   take it too): where saved values differ, name the option (nothing is
                                   saved until then)
                  --disable [-domain D] [-confirm-takeover true]         turn a relay off (settings kept)
                  --disable-domains -domains a.example,b.example [-confirm-takeover true]
                  -confirm-takeover true: after exit 1 naming settings changed by hand, write over them
                  --remove-domain D [-confirm-takeover true]             delete a domain's settings
                  --update-sender ADDRESS [relay options] [-confirm-takeover true]
                                                                         a relay (and login) for one sender address of a
                                                                         panel domain, used before its domain's relay
                  --remove-sender ADDRESS [-confirm-takeover true]       delete it; the address follows its domain again
                  --list-senders [-domain D] [-json]                     sender addresses with a relay of their own
                  --which-relay ADDRESS [-json]                          which relay applies to mail from ADDRESS
                                                                         (address > domain > alias's domain > server)
                  --info [-domain D] [-json]
                  --list [-filter F] [-offset N] [-limit N] [-json]      domains with relay settings
                  --check [-domain D | relay options] [-json]            connection check (exit 1 when it fails)
                  --send-test -to ADDRESS [-from ADDRESS] [-domain D] [-json]
                  --send-test -via-mta -to ADDRESS [-from ADDRESS] [-domain D] [-json]
                                                                         hand it to the mail server and follow it
                                                                         to the relay's reply (exit 1 unless sent)
                  --repair                                               write the mail server's configuration again
                  --verify [-json]                                       self-check: does the mail server do what the
                                                                         panel says? (exit 1 when anything disagrees)
                  --status [-domain D | -sender A] [-json]               delivery as the mail server's log and queue
                                                                         saw it: sent/deferred/bounced, last error
                                                                         explained, queue (exit 1 when the relay fails)
                  --retry [-queue-id ID]                                 deliver one queued message now, or retry all
                                                                         deferred mail
                  --preview [-domain D] [relay options] [-json]          what saving would write; nothing saved
                  --probe [-domain D] [-json]                            what the mail server backend finds on the live
                                                                         server (names, endpoints, its answers without
                                                                         secrets); writes nothing (exit 1: it would refuse)
                  --spf [-domain D] [-include X] [-apply] [-json]        SPF for domains on a relay
                  --spf -template -include X                             add the include to the DNS template
                  --spf -domain D -remove [-include X] [-json]           take the include out of D's SPF record
                                                                         (default: the include of D's relay settings)
                  --spf -template -include X -remove                     take it out of the DNS template
                  --auth-records -domain D [-json]                       the domain-authentication records the relay
                                                                         service asked for (DKIM, return path): in the
                                                                         panel's zone and live in DNS (exit 1 until all
                                                                         are published)
                  --auth-records -domain D -apply [-replace-conflicts true] [-json]
                                                                         write them into the panel's zone; a record in
                                                                         conflict is left as it is unless replaced
                  --set-auth-records -domain D [-provider ID]            replace them with the lines on standard input
                                                                         ("name type value", a dashboard's table or
                                                                         zone-file lines; nothing on stdin removes them)
                  --node-setup -config-directory DIR [-name NODE]        a Postfix node reading the relay maps from the
                                                                         panel's PostgreSQL ([mail] smarthost.postfix.maps
                                                                         = pgsql): main.cf/master.cf and pgsql-*.cf written
                  --node-sync -config-directory DIR                      apply the current server-wide settings to a node
                  --nodes [-json]                                        nodes, generation, last contact (exit 1: one lags)
                  --backend-login [ID] [options]                         settings the selected mail server backend
                                                                         (or backend ID) needs besides the relays,
                                                                         checked by it before it stores them:
                """ + BackendLogin.usage(host) + """
                Example:
                  printf '%s\\n' "$SENDGRID_KEY" | panel bin smarthost --update -host smtp.sendgrid.net -port 587 \\
                      -encryption starttls -auth true -username apikey -password-stdin -provider sendgrid""";
    }

    /** The command's level ({@link CommandLevel}) hidden by panel.ini or restricted mode: the switch that hides it. */
    @Override
    public Optional<String> hidden(List<String> args, RequestContext context) {
        return CommandLevel.hidden(CliArgs.parse(args), gate);
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        RelayOptions.refuseSecretOptions(args);
        if (CommandLevel.of(args.command()).isEmpty()) {
            throw unknownCommand(args);
        }
        if (NO_VALUE.contains(args.command())) {
            args.takesNoValue(); // --list büch listed everything, the word unread
        }
        Commands commands = new Commands(host, inv, args);
        try {
            return switch (args.command()) {
                case "update" -> commands.updateServer(allow(args, RelayOptions.NAMES, "confirm-takeover", "srs"));
                case "update-domain" -> commands.update(allow(args, RelayOptions.NAMES, "confirm-takeover"),
                        Optional.of(value(args, "DOMAIN")));
                case "update-domains" -> commands.bulkUpdate(allow(args, RelayOptions.NAMES, "confirm-takeover", "domains", "domains-from"));
                case "disable" -> commands.disable(allow(args, Set.of(), "domain", "confirm-takeover"));
                case "disable-domains" -> commands.bulkDisable(allow(args, Set.of(), "domains", "domains-from", "confirm-takeover"));
                case "remove-domain" -> commands.removeDomain(value(allow(args, Set.of(), "confirm-takeover"), "DOMAIN"));
                // per-sender relays (1.3)
                case "update-sender" -> new SenderCommands(host, inv).update(allow(args, RelayOptions.NAMES, "confirm-takeover"),
                        senderValue(args), commands.confirmOption());
                case "remove-sender" -> new SenderCommands(host, inv).remove(senderValue(allow(args, Set.of(), "confirm-takeover")),
                        commands.confirmOption());
                case "list-senders" -> new SenderCommands(host, inv).list(allow(args, Set.of(), "domain", "json"));
                case "which-relay" -> new SenderCommands(host, inv).which(allow(args, Set.of(), "json"), senderValue(args));
                case "info" -> commands.info(allow(args, Set.of(), "domain", "json"));
                case "list" -> commands.list(allow(args, Set.of(), "filter", "offset", "limit", "json"));
                case "check" -> commands.check(allow(args, RelayOptions.NAMES, "domain", "json"));
                case "send-test" -> args.flag("via-mta")
                        ? new DeliveryCommands(host, inv).sendViaMta(allow(args, Set.of(), "to", "from", "domain", "json", "via-mta"))
                        : commands.sendTest(allow(args, Set.of(), "to", "from", "domain", "json"));
                case "repair" -> commands.repair(allow(args, Set.of()));
                case "verify" -> commands.verify(allow(args, Set.of(), "json"));
                case "preview" -> commands.preview(allow(args, RelayOptions.NAMES, "domain", "json"));
                case "probe" -> new BackendProbe(host, inv).run(allow(args, Set.of(), "domain", "json"));
                case "spf" -> commands.spf(allow(args, Set.of(), "domain", "include", "apply", "template", "remove", "json"));
                case "auth-records" -> new AuthRecordCommand(host, inv, new CliPrinter(inv.out()))
                        .show(allow(args, Set.of(), "domain", "apply", "replace-conflicts", "json"));
                case "set-auth-records" -> new AuthRecordCommand(host, inv, new CliPrinter(inv.out()))
                        .set(allow(args, Set.of(), "domain", "provider"));
                case "backend-login" -> new BackendLogin(host, inv).run(args, args.commandValue());
                case "status" -> new DeliveryCommands(host, inv).status(allow(args, Set.of(), "domain", "sender", "json"));
                case "retry" -> new DeliveryCommands(host, inv).retry(allow(args, Set.of(), "queue-id"));
                case "node-setup" -> new NodeCli(host, inv).setup(allow(args, Set.of(), "config-directory", "name"));
                case "node-sync" -> new NodeCli(host, inv).sync(allow(args, Set.of(), "config-directory"));
                case "nodes" -> new NodeCli(host, inv).list(allow(args, Set.of(), "json"));
                default -> BackendLogin.backendOf(args.command()).filter(id -> BackendForms.named(host, id).isPresent())
                        .map(id -> new BackendLogin(host, inv).run(args, Optional.of(id)))
                        .orElseThrow(() -> unknownCommand(args));
            };
        } catch (RelayValidationException e) {
            e.errors().forEach(err -> inv.err().println("smarthost: " + RelayOptions.describe(err)));
            return CliArgs.BAD_INPUT;
        } catch (UnknownDomainException e) {
            inv.err().println("smarthost: " + e.getMessage());
            return CliArgs.BAD_INPUT;
        } catch (ConfirmationRequiredException e) {
            inv.err().println("smarthost: " + e.getMessage() + " Repeat with -confirm-takeover true after reviewing:");
            new CliPrinter(inv.err()).preview(e.preview().map(ApiModel.PreviewLines::of).orElseGet(commands::previewOrEmpty));
            return CliArgs.FAILURE;
        } catch (RelayApplyException e) {
            inv.err().println(e.nothingChanged()
                    ? "smarthost: the change failed (step " + e.step() + "): " + e.reason() + "; nothing was changed"
                    : "smarthost: the change could not be completed (step " + e.step() + "): " + e.reason());
            return CliArgs.FAILURE;
        } catch (CheckRefusedException e) {
            inv.err().println("smarthost: " + e.message(inv.context().user().locale()));
            return CliArgs.FAILURE;
        }
    }

    /** Refuses a command this utility does not have, with the one (a backend's login command too) it was likely meant to be. */
    private CliUsageException unknownCommand(CliArgs args) {
        java.util.List<String> known = new ArrayList<>();
        io.smarthost.ui.BackendForms.all(host).forEach(b -> known.add(b.id() + BackendLogin.SUFFIX));
        known.addAll(CommandLevel.names());
        // a hidden level's commands are absent (restricted mode, the domain level off): not offered
        known.removeIf(c -> CommandLevel.hidden(CliArgs.parse(List.of("--" + c)), gate).isPresent());
        return io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), known, "see panel bin smarthost --help");
    }

    /** The commands that take no value after them (the others name a domain, a sender or a backend). */
    static final Set<String> NO_VALUE = Set.of("update", "update-domains", "disable", "disable-domains", "list-senders",
            "info", "list", "check", "send-test", "repair", "verify", "preview", "probe", "spf", "auth-records",
            "set-auth-records", "status", "retry", "node-setup", "node-sync", "nodes");

    /** The options of this utility that take no value; every other one needs a value ({@link CliArgs#accept}). */
    static final Set<String> FLAGS = Set.of("json", "password-stdin", "apply", "template", "remove", "via-mta",
            "backup-password-stdin", "no-backup");

    private static CliArgs allow(CliArgs args, Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(Arrays.asList(more));
        Set<String> valued = new HashSet<>(all);
        valued.removeAll(FLAGS);
        Set<String> flags = new HashSet<>(all);
        flags.retainAll(FLAGS);
        return args.accept(valued, flags);
    }

    private static String value(CliArgs args, String what) {
        return args.commandValue().orElseThrow(() -> new CliUsageException("--" + args.command() + " needs a " + what
                + ", e.g. --" + args.command() + " example.com"));
    }

    private static String senderValue(CliArgs args) {
        return args.commandValue().orElseThrow(() -> new CliUsageException("--" + args.command()
                + " needs a sender ADDRESS, e.g. --" + args.command() + " alice@example.com"));
    }

    /** The commands; one instance per invocation. */
    static final class Commands {
        private final HostServices host;
        private final CliInvocation inv;
        private final CliArgs args;
        private final CliPrinter print;
        private Supplier<ApiModel.PreviewLines> lastPreview = () -> new ApiModel.PreviewLines(List.of(), false, List.of());

        Commands(HostServices host, CliInvocation inv, CliArgs args) {
            this.host = host;
            this.inv = inv;
            this.args = args;
            this.print = new CliPrinter(inv.out());
        }

        private SmarthostService service() {
            return SmarthostRuntime.service(host);
        }

        ApiModel.PreviewLines previewOrEmpty() {
            try {
                return lastPreview.get();
            } catch (RuntimeException e) {
                return new ApiModel.PreviewLines(List.of(), false, List.of());
            }
        }

        Confirm confirmOption() {
            return confirm();
        }

        private Confirm confirm() {
            return args.bool("confirm-takeover").orElse(false) ? Confirm.TAKE_OVER_MANUAL : Confirm.NONE;
        }

        int update(CliArgs a, Optional<String> domain) {
            if (!RelayOptions.any(a)) {
                throw new CliUsageException("--" + a.command() + " needs at least one relay option, e.g. -host smtp.example.com"
                        + (domain.isEmpty() ? ", or -srs on|off" : ""));
            }
            Scope scope = domain.map(d -> Scope.domain(service().domain(d).scope().domain().orElse(d))).orElse(Scope.SERVER);
            var stored = (scope.isServer() ? service().server() : service().domain(domain.get())).settings();
            RelayInput input = RelayOptions.merge(stored, a, inv.stdin());
            lastPreview = () -> ApiModel.PreviewLines.of(service().preview(scope, input));
            UpdateResult r = domain.isPresent() ? service().updateDomain(domain.get(), input, confirm())
                    : service().updateServer(input, confirm());
            print.update(ApiModel.Update.of(r));
            if (!input.enabled()) {
                print.relayOff(a.has("enabled"));
            }
            return CliArgs.OK;
        }

        /** {@code --update}: the server relay (relay options), the SRS switch ({@code -srs on|off}), or both in that order. */
        int updateServer(CliArgs a) {
            Optional<Boolean> srs = a.option("srs").map(Commands::onOff);
            if (srs.isEmpty() || RelayOptions.any(a)) {
                update(a, Optional.empty());
            }
            if (srs.isPresent()) {
                print.update(ApiModel.Update.of(service().updateSrs(srs.get())), "SRS was " + (srs.get() ? "on" : "off")
                        + " already");
                inv.out().println("SRS is " + (srs.get() ? "on" : "off"));
            }
            return CliArgs.OK;
        }

        /** {@code -srs}: on or off (true/false as the other switches). */
        static boolean onOff(String value) {
            return switch (value) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                // the word is not repeated (a secret typed one option too far would reach the screen and logs)
                default -> throw new CliUsageException("-srs: must be on or off (the word given is neither; it is not"
                        + " repeated)");
            };
        }

        int bulkUpdate(CliArgs a) {
            DomainList list = domains(a);
            List<String> domains = list.names();
            if (!RelayOptions.any(a)) {
                throw new CliUsageException("--update-domains needs the relay options, e.g. -host smtp.example.com");
            }
            RelayInput input;
            try {
                // options left out keep each domain's saved value, as --update-domain's do (they took the defaults:
                // changing the host alone dropped every domain's login and password, and turned disabled relays on)
                input = RelayOptions.mergeAll(service().savedSettings(domains), a, inv.stdin());
                lastPreview = () -> ApiModel.PreviewLines.of(service().preview(Scope.domain(domains.get(0)), input));
                print.update(ApiModel.Update.of(service().bulkUpdate(domains, input, confirm(),
                        progress("saving the settings of " + domains.size() + " domains", domains.size()))));
            } catch (UnknownDomainException e) {
                throw list.where(e);
            }
            if (!input.enabled()) {
                print.relayOff(a.has("enabled"));
            }
            return CliArgs.OK;
        }

        int disable(CliArgs a) {
            Optional<String> domain = a.option("domain");
            Optional<String> was = domain.isPresent() ? SpfIncludes.neededBy(host, domain.get())
                    : SpfIncludes.needed(host, service().server());
            print.update(ApiModel.Update.of(domain.isPresent() ? service().disableDomain(domain.get(), confirm())
                    : service().disableServer(confirm())), "the relay is off already, or has no settings");
            Optional<String> now = domain.isPresent() ? SpfIncludes.neededBy(host, domain.get())
                    : SpfIncludes.needed(host, service().server());
            if (was.isPresent() && !was.equals(now)) {
                inv.out().println(domain.map(d -> "hint: the SPF record of " + d + " may still authorise include:" + was.get()
                        + "; remove it with: panel bin smarthost --spf -domain " + d + " -remove -include " + was.get())
                        .orElse("hint: the SPF records of the domains that used this relay, and the DNS template, may still"
                                + " authorise include:" + was.get() + "; remove it with: panel bin smarthost --spf -domain D"
                                + " -remove -include " + was.get() + " (per domain) and panel bin smarthost --spf -template"
                                + " -include " + was.get() + " -remove"));
            }
            return CliArgs.OK;
        }

        int bulkDisable(CliArgs a) {
            DomainList list = domains(a);
            try {
                print.update(ApiModel.Update.of(service().bulkDisable(list.names(), confirm())),
                        "their relays are off already, or they have no settings");
            } catch (UnknownDomainException e) {
                throw list.where(e);
            }
            return CliArgs.OK;
        }

        int removeDomain(String domain) {
            print.removed(ApiModel.Update.of(service().removeDomain(domain, confirm())), domain + " has no smarthost of its own");
            return CliArgs.OK;
        }

        int info(CliArgs a) {
            Optional<String> domain = a.option("domain");
            ApiModel.Scope s = ApiModel.Scope.of(domain.isPresent() ? service().domain(domain.get()) : service().server(), true,
                    inv.context().user().locale(), service()::relaySetByHand);
            if (a.flag("json")) {
                print.json(s);
            } else {
                print.scope(s);
                if (domain.isEmpty() && service().capabilities().srs()) {
                    inv.out().println("SRS (forwarded mail): " + (service().srs() ? "on" : "off"));
                }
                if (domain.isPresent()) {
                    // per-sender relays (1.3) of this domain
                    String name = service().domain(domain.get()).scope().domain().orElse(domain.get());
                    var rows = service().senders(name);
                    if (!rows.isEmpty()) {
                        SenderCommands.printRows(inv.out(), List.of(io.smarthost.ui.rest.SenderModel.SenderList.of(name,
                                service().capabilities().senderRelay(), service().senderLimit(), rows)));
                    }
                }
                if (domain.isEmpty()) {
                    print.health(ApiModel.Health.of(service().health()));
                }
            }
            return CliArgs.OK;
        }

        int list(CliArgs a) {
            int offset = number(a, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = number(a, "limit", 100, 1, 10_000);
            ApiModel.Page<ApiModel.Row> page = ApiModel.Page.of(service().list(a.option("filter").orElse(""), offset, limit),
                    inv.context().user().locale());
            if (a.flag("json")) {
                print.json(page);
            } else {
                print.page(page);
                // per-sender relays (1.3): named, not listed (they are per domain)
                long senders = service().senderCount();
                if (senders > 0) {
                    inv.out().println(senders + (senders == 1 ? " sender address has" : " sender addresses have")
                            + " a relay of its own: panel bin smarthost --list-senders");
                }
            }
            return CliArgs.OK;
        }

        int check(CliArgs a) {
            Optional<String> domain = a.option("domain");
            // with -domain, relay options check unsaved settings of that domain (its stored secret is used)
            boolean adHoc = RelayOptions.any(a);
            Scope scope = domain.map(d -> Scope.domain(service().domain(d).scope().domain().orElse(d))).orElse(Scope.SERVER);
            Optional<RelayInput> typed = adHoc ? Optional.of(RelayOptions.merge(Optional.empty(), a, inv.stdin()))
                    : Optional.empty();
            CheckReport report = new RelayChecks(host).check(scope, typed, inv.context().user(), Optional.empty(), !adHoc);
            return report(a, report);
        }

        int sendTest(CliArgs a) {
            Optional<String> domain = a.option("domain");
            String to = a.option("to").orElseThrow(() -> new CliUsageException(
                    "-to: the recipient's address is required, e.g. -to you@example.net"));
            Scope scope = domain.map(d -> Scope.domain(service().domain(d).scope().domain().orElse(d))).orElse(Scope.SERVER);
            String from = a.option("from").orElseGet(() -> scope.domain().map(d -> "postmaster@" + d).orElseThrow(() ->
                    new CliUsageException("-from: the sender's address is required for a server-wide test, "
                            + "e.g. -from postmaster@a-domain-verified-at-the-relay.example")));
            TestMail mail;
            try {
                mail = new TestMail(from, to);
            } catch (IllegalArgumentException e) {
                throw new CliUsageException("-" + e.getMessage());
            }
            return report(a, new RelayChecks(host).check(scope, Optional.empty(), inv.context().user(), Optional.of(mail), true));
        }

        private int report(CliArgs a, CheckReport report) {
            if (a.flag("json")) {
                print.json(report);
            } else {
                print.check(report);
            }
            return report.ok() ? CliArgs.OK : CliArgs.FAILURE;
        }

        int verify(CliArgs a) {
            ApiModel.Health h = ApiModel.Health.of(service().verify());
            if (a.flag("json")) {
                print.json(h);
            } else {
                print.health(h);
            }
            return h.agrees() ? CliArgs.OK : CliArgs.FAILURE;
        }

        int repair(CliArgs a) {
            print.applied(ApiModel.Update.of(service().repair(progress("repair", 1))));
            return CliArgs.OK;
        }

        int preview(CliArgs a) {
            Optional<String> domain = a.option("domain");
            Scope scope = domain.map(d -> Scope.domain(service().domain(d).scope().domain().orElse(d))).orElse(Scope.SERVER);
            var stored = (scope.isServer() ? service().server() : service().domain(domain.get())).settings();
            RelayInput input = RelayOptions.merge(stored, a, inv.stdin());
            ApiModel.PreviewLines p = ApiModel.PreviewLines.of(service().preview(scope, input));
            if (a.flag("json")) {
                print.json(p);
            } else {
                print.preview(p);
            }
            return CliArgs.OK;
        }

        int spf(CliArgs a) {
            return new SpfCommand(host, inv, print).run(a);
        }

        /** The domains a bulk command names, and where each was: its line of the file, or its place in -domains. */
        record DomainList(List<String> names, int[] lines, String file) {
            /** {@code e} saying where the name it refuses was given. */
            UnknownDomainException where(UnknownDomainException e) {
                if (e.index() < 0 || e.index() >= names.size()) {
                    return e;
                }
                return new UnknownDomainException(e.getMessage() + (file != null
                        ? " (line " + lines[e.index()] + " of " + file + ")"
                        : " (item " + lines[e.index()] + " of -domains)"));
            }
        }

        /**
         * The file's text ({@code -}: standard input), which must be UTF-8: a byte that is not says on which line it
         * is.
         */
        private String utf8Text(String file, CliArgs a) {
            byte[] bytes;
            if (file.equals("-")) {
                if (a.has("password-stdin")) {
                    throw new CliUsageException("-domains-from - and -password-stdin both read standard input: give the"
                            + " domains in a file");
                }
                try {
                    bytes = inv.stdin().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new CliUsageException("-domains-from -: cannot read standard input: " + e.getMessage());
                }
            } else {
                try {
                    bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new CliUsageException("-domains-from: " + file + ": no such file");
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new CliUsageException("-domains-from: " + file + ": permission denied");
                } catch (java.io.IOException | RuntimeException e) {
                    String why = String.valueOf(e.getMessage());
                    throw new CliUsageException("-domains-from: cannot read " + file
                            + (why.equals(file) ? "" : ": " + why.replace(file + ": ", "")));
                }
            }
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
            java.nio.charset.CoderResult r = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(in, out, true);
            if (r.isError()) {
                int line = 1;
                for (int i = 0; i < in.position(); i++) {
                    line += bytes[i] == '\n' ? 1 : 0;
                }
                throw new CliUsageException("-domains-from: " + shownFile(file) + " is not UTF-8 text (line " + line + ")");
            }
            return out.flip().toString();
        }

        /** How a -domains-from source is named in messages: {@code -} is standard input. */
        static String shownFile(String file) {
            return file.equals("-") ? "standard input" : file;
        }

        private DomainList domains(CliArgs a) {
            Optional<String> file = a.option("domains-from");
            if (file.isPresent() && a.option("domains").isPresent()) {
                throw new CliUsageException("-domains and -domains-from: give one of them");
            }
            List<String> list = new ArrayList<>();
            int[] lines;
            if (file.isPresent()) {
                // lines end at \n as grep and wc count them (a \r before it goes with the blanks); a byte order
                // mark at the start is no part of the first line
                String[] all = utf8Text(file.get(), a).split("\n", -1);
                lines = new int[all.length];
                for (int i = 0; i < all.length; i++) {
                    String s = (i == 0 && all[0].startsWith("\uFEFF") ? all[0].substring(1) : all[i]).strip();
                    if (!s.isEmpty() && !s.startsWith("#")) {
                        lines[list.size()] = i + 1;
                        list.add(s);
                    }
                }
            } else {
                // where each name is: its place among the comma-separated items; an empty item is a name left out
                // (a.example,,b.example) and refused, as REST refuses a blank name in its list
                String given = a.option("domains").orElse("");
                String[] items = given.isBlank() ? new String[0] : given.split(",", -1);
                lines = new int[items.length];
                for (int i = 0; i < items.length; i++) {
                    if (items[i].isBlank()) {
                        throw new CliUsageException("-domains: item " + (i + 1) + " of " + items.length + " is empty ("
                                + (i == 0 ? "a comma at the start" : i == items.length - 1 ? "a comma at the end"
                                : items[i].isEmpty() ? "two commas with nothing between them" : "nothing but spaces between two commas")
                                + "): give a domain name there or take the"
                                + " comma out, e.g. -domains a.example,b.example");
                    }
                    lines[list.size()] = i + 1;
                    list.add(items[i].strip());
                }
            }
            if (list.isEmpty() && file.isPresent()) {
                throw new CliUsageException("-domains-from: " + shownFile(file.get()) + " names no domain (one per line;"
                        + " blank lines and # comments are skipped)");
            }
            if (list.isEmpty()) {
                throw new CliUsageException("-domains: give the domains, comma-separated, e.g. -domains a.example,b.example"
                        + " (or -domains-from FILE, one per line)");
            }
            return new DomainList(List.copyOf(list), lines, file.map(Commands::shownFile).orElse(null));
        }

        /** A progress bar on a terminal (plain lines otherwise) for the store writes, then the apply. */
        private io.smarthost.core.service.Progress progress(String what, long total) {
            io.smarthost.panel.api.CliProgress[] bar = {io.smarthost.panel.api.CliProgress.of(inv.err(), what, total)};
            String[] phase = {"store"};
            return (p, done, all) -> {
                if (!p.equals(phase[0])) {
                    bar[0].done();
                    phase[0] = p;
                    bar[0] = io.smarthost.panel.api.CliProgress.of(inv.err(), "applying to the mail server", all);
                }
                bar[0].update(done);
                if (p.equals("apply") && done >= all) {
                    bar[0].done();
                }
            };
        }

        private static int number(CliArgs a, String name, int dflt, int min, int max) {
            Optional<String> v = a.option(name);
            if (v.isEmpty()) {
                return dflt;
            }
            java.util.OptionalInt n = io.smarthost.ui.input.FieldRules.wholeNumber(v.get());
            if (n.isPresent() && n.getAsInt() >= min && n.getAsInt() <= max) {
                return n.getAsInt();
            }
            throw new CliUsageException("-" + name + " must be a whole number from " + min + " to " + max);
        }
    }
}
