package io.smarthost.ui.rest;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.service.CheckRecord;
import io.smarthost.core.service.DomainRelayRow;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.UpdateResult;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.PageResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON shapes of the REST API (and of the CLI's {@code -json} output). Plain types only (no
 * {@code Optional}, times as ISO-8601 text), so any Jackson configuration writes them the same way.
 * None of them has a field for a secret: reads say only {@code secretSet}.
 */
public final class ApiModel {
    private ApiModel() {
    }

    /**
     * One scope's stored relay settings.
     *
     * @param host  the host as the form shows it (brackets when MX lookup is off), ASCII; null without one
     * @param relay the relay for people, {@code [smtp.example.com]:587} (Unicode names shown in Unicode)
     * @param backup the backup relay; null when there is none (since 1.3)
     */
    public record Relay(boolean enabled, boolean active, String host, Integer port, Boolean mxLookup, String relay,
                        String encryption, boolean verifyCertificate, boolean authentication, String username,
                        boolean secretSet, String provider, String updated, Backup backup) {
        public static Relay of(RelaySettings s) {
            Optional<RelayAddress> a = s.address();
            return new Relay(s.enabled(), s.active(), a.map(x -> x.hostField(false)).orElse(null),
                    a.map(RelayAddress::port).orElse(null), a.map(RelayAddress::mxLookup).orElse(null),
                    a.map(RelayAddress::display).orElse(null), s.encryption().id(), s.verifyCertificate(),
                    s.authentication(), s.username(), s.secretSet(), s.provider(), s.updated().toString(),
                    s.backup().map(Backup::of).orElse(null));
        }

        static Relay orNull(Optional<RelaySettings> s) {
            return s.map(Relay::of).orElse(null);
        }
    }

    /**
     * A backup relay: tried when the relay cannot be reached or answers with a temporary error; it uses the
     * relay's encryption.
     *
     * @param login     {@code same} (the relay's login) or {@code own}
     * @param username  its own login name; null with {@code same}
     * @param secretSet whether its own password is stored
     * @since 1.3
     */
    public record Backup(String host, int port, boolean mxLookup, String relay, String login, String username,
                         boolean secretSet) {
        static Backup of(io.smarthost.core.service.BackupSettings b) {
            RelayAddress a = b.address();
            return new Backup(a.hostField(false), a.port(), a.mxLookup(), a.display(), b.loginChoice(),
                    b.ownLogin() ? b.username() : null, b.secretSet());
        }
    }

    /**
     * The last connection check of a scope's saved relay, in the caller's language.
     *
     * @param time      when it ran (ISO-8601)
     * @param ok        whether no step failed
     * @param code      {@code ok}, {@code legacy} (kept by 1.0, without details), or the code of the step to
     *                  look at ({@code auth.failed}, {@code cert.mailServerRefuses}, ...): stable, for programs
     * @param message   one line for people, in the caller's language
     * @param step      the step {@code code} is about (failed, else with a warning); null when none
     * @param replyCode the relay's SMTP reply code in that step; null when it gave none
     * @param advice    what to do, in the caller's language; null when nothing
     */
    public record LastCheck(String time, boolean ok, String code, String message, String step, Integer replyCode,
                            String advice) {
        static LastCheck orNull(Optional<CheckRecord> c, Locale locale) {
            return c.map(r -> {
                Optional<CheckRecord.StepResult> s = r.headline();
                return new LastCheck(r.time().toString(), r.ok(), r.code(), r.summary(locale),
                        s.map(CheckRecord.StepResult::id).orElse(null),
                        s.filter(x -> x.replyCode().isPresent()).map(x -> x.replyCode().getAsInt()).orElse(null),
                        r.advice(locale).orElse(null));
            }).orElse(null);
        }
    }

    /**
     * What {@code GET server} and {@code GET domains/{domain}} answer.
     *
     * @param scope          {@code server} or the domain's ASCII name
     * @param settings       this scope's own settings; null when never saved
     * @param effectiveLevel {@code DOMAIN}, {@code SERVER} or {@code DIRECT}: which settings decide where mail goes
     * @param effective      the settings of that level; null for DIRECT (and hidden from customers for SERVER)
     * @param handRelay      for DIRECT, shown to administrators: the relay the mail server uses because it was set by
     *                       hand in its own configuration ({@code [relay.example]:25}), not by the panel; null when none
     */
    public record Scope(String scope, String domainDisplay, Relay settings, boolean secretSet, String effectiveLevel,
                        Relay effective, LastCheck lastCheck, String handRelay) {
        public static Scope of(RelayView v, boolean showServerSettings, Locale locale) {
            boolean hide = !showServerSettings && v.effectiveLevel() == io.smarthost.core.backend.RelayLevel.SERVER;
            return new Scope(v.scope().toString(), v.domainDisplay(), Relay.orNull(v.settings()), v.secretSet(),
                    v.effectiveLevel().name(), hide ? null : Relay.orNull(v.effective()),
                    LastCheck.orNull(v.lastCheck(), locale), null);
        }

        /** As {@link #of}, with the relay set by hand for an administrator's DIRECT scope. */
        public static Scope of(RelayView v, boolean admin, Locale locale, HandRelays hand) {
            Scope s = of(v, admin, locale);
            if (!admin || v.effectiveLevel() != io.smarthost.core.backend.RelayLevel.DIRECT) {
                return s;
            }
            return hand.relaySetByHand().map(d -> new Scope(s.scope, s.domainDisplay, s.settings, s.secretSet,
                    s.effectiveLevel, s.effective, s.lastCheck, handText(d))).orElse(s);
        }

        /** {@code host:port} of a relay read from the mail server's own configuration. */
        public static String handText(io.smarthost.core.backend.DetectedRelay d) {
            return d.host() + ":" + d.port();
        }
    }

    /** Where {@link Scope#of(RelayView, boolean, Locale, HandRelays)} learns of a relay set by hand. */
    @FunctionalInterface
    public interface HandRelays {
        java.util.Optional<io.smarthost.core.backend.DetectedRelay> relaySetByHand();
    }

    /** One line of the Smarthosts list. */
    public record Row(String domain, String domainDisplay, Relay settings, LastCheck lastCheck) {
        static Row of(DomainRelayRow r, Locale locale) {
            return new Row(r.domain(), r.domainDisplay(), Relay.of(r.settings()), LastCheck.orNull(r.lastCheck(), locale));
        }
    }

    /** A page of the list. */
    /**
     * One page; {@code total} is exact when {@code totalExact}, else "at least" (a list by name counts up to
     * 10,000 past the page, so a first page costs the same with 1,000 or 100,000 domains).
     */
    public record Page<T>(List<T> items, long total, int offset, int limit, boolean totalExact) {
        public static Page<Row> of(PageResult<DomainRelayRow> p, Locale locale) {
            return of(p, locale, io.smarthost.core.service.SmarthostService.totalIsExact(p));
        }

        /** A page whose total's exactness the caller knows (the list's order decides it). */
        public static Page<Row> of(PageResult<DomainRelayRow> p, Locale locale, boolean totalExact) {
            return new Page<>(p.items().stream().map(r -> Row.of(r, locale)).toList(), p.total(), p.offset(), p.limit(),
                    totalExact);
        }
    }

    /**
     * A bulk change answered with 202: {@code state} queued, running, done or failed; {@code phase}
     * {@code queued}, {@code check} (the names and the input checked, the hand edits looked for, the turn of the
     * change awaited), {@code store} (settings being written, {@code done} of {@code total} domains) or
     * {@code apply} (the mail server being written), the last one reached once finished; when finished,
     * {@code status} is the HTTP status the change would have answered and {@code result} its body (an
     * {@link Update}, or the errors).
     */
    public record Job(String id, String state, String phase, long done, long total, Integer status, Object result) {
    }

    /**
     * What a change did: the scopes it concerned, whether the stored settings changed ({@code settingsChanged}: false
     * when the request asked for what was stored already, or removed what was not there; then nothing was written,
     * applied or logged unless the mail server had to be brought back in line, which {@code changed} says), whether
     * the mail server's configuration changed ({@code changed}) and the mail server backend's report.
     */
    public record Update(List<String> scopes, boolean settingsChanged, boolean changed, List<String> steps,
                         List<String> warnings, long tookMs) {
        public static Update of(UpdateResult r) {
            ApplyReport a = r.report();
            return new Update(r.scopes(), r.settingsChanged(), a.changed(), a.steps(), a.warningTexts(),
                    a.took().toMillis());
        }

        /** Whether nothing changed at all: neither the stored settings nor the mail server (not a JSON field). */
        public boolean nothingChanged() {
            return !settingsChanged && !changed;
        }

        /**
         * As {@link #of(UpdateResult)} for an administrator; a customer gets no steps and no warnings: they name the
         * mail server's folders, tables and processes (a hostile tester read the Postfix folder's path in a
         * customer's answer), and the pages show customers none of it either.
         */
        public static Update of(UpdateResult r, boolean admin) {
            Update u = of(r);
            return admin ? u : new Update(u.scopes, u.settingsChanged, u.changed, List.of(), List.of(), u.tookMs);
        }
    }

    /**
     * A preview: what saving would write, line by line, beside what is there; {@code drift} lists the
     * settings changed by hand that saving writes over (then {@code takesOverManual} is true).
     */
    public record PreviewLines(List<Line> lines, boolean takesOverManual, List<Drift> drift) {
        public record Line(String setting, String current, String proposed, String action) {
        }

        public static PreviewLines of(Preview p) {
            return new PreviewLines(p.lines().stream().map(l -> new Line(l.setting(), l.current(), l.proposed(),
                    l.action().name())).toList(), p.takesOverManual(), Drift.of(p.drift()));
        }
    }

    /**
     * A managed setting changed by hand since the panel last wrote it (values masked).
     *
     * @param location   {@code main.cf:LINE}, or the file alone when it was removed by hand
     * @param handValue  its value now ("" when removed)
     * @param panelValue what the panel last wrote ("" when it had not written it)
     * @param proposed   what the change writes over it ("" when removed); in an inspection, what a repair writes
     */
    public record Drift(String setting, String location, String handValue, String panelValue, String proposed) {
        static List<Drift> of(List<io.smarthost.core.backend.Drift> drift) {
            return drift.stream().map(d -> new Drift(d.setting(), d.location(), d.handValue(), d.panelValue(),
                    d.proposed())).toList();
        }
    }

    /** A relay set up by hand in the mail server, as relay fields (never a password). */
    public record DetectedRelay(String host, int port, String encryption, boolean verifyCertificate,
                                boolean authentication, String username) {
        static DetectedRelay orNull(Optional<io.smarthost.core.backend.DetectedRelay> d) {
            return d.map(r -> new DetectedRelay(r.host(), r.port(), r.encryption().id(), r.verifyCertificate(),
                    r.authentication(), r.username())).orElse(null);
        }
    }

    /** What the mail server has now that concerns relaying (secrets masked by the backend). */
    public record InspectionResult(List<Setting> settings, List<String> problems, boolean manualRelay, List<Drift> drift,
                                   DetectedRelay detectedRelay, Health health) {
        public record Setting(String name, String value, String location, boolean managed) {
        }

        public static InspectionResult of(Inspection i) {
            return of(i, null);
        }

        /** With the self-check ({@code GET inspect}); {@code health} may be null. */
        public static InspectionResult of(Inspection i, Health health) {
            return new InspectionResult(i.settings().stream().map(s -> new Setting(s.name(), s.value(), s.location(),
                    s.managed())).toList(), i.problems(), i.manualRelay(), Drift.of(i.drift()),
                    DetectedRelay.orNull(i.detectedRelay()), health);
        }
    }

    /**
     * 409 answer of an update that would write over settings written by hand: repeat the call with
     * {@code "confirmTakeover": true} after showing {@code drift} (what was changed by hand and what will be
     * written over it), {@code inspection} and {@code preview} to the admin. Customers get {@code errors} only.
     */
    public record ConfirmationRequired(List<ApiErrors.Error> errors, InspectionResult inspection, PreviewLines preview,
                                       List<Drift> drift) {
    }

    /** The active backend and the visibility switches. */
    public record Info(String backend, String backendProblem, boolean serverLevel, boolean domainLevel,
                       Capabilities capabilities, long domainsWithSettings) {
        public record Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                                   List<String> encryptions, boolean certificateVerification, boolean mxLookupChoice,
                                   List<String> notes, boolean srs, BackupSupport backup) {
            public static Capabilities of(io.smarthost.core.backend.Capabilities c) {
                var b = c.backup();
                return new Capabilities(c.serverRelay(), c.domainRelay(), c.domainCredentials(),
                        c.encryptions().stream().map(e -> e.id()).sorted().toList(), c.certificateVerification(),
                        c.mxLookupChoice(), c.notes(), c.srs(), new BackupSupport(b.server(), b.domain(), b.serverOwnLogin(),
                                b.domainOwnLogin()));
            }
        }
    }

    /** Where a backup relay can be added and given its own login (since 1.3). */
    public record BackupSupport(boolean server, boolean domain, boolean serverOwnLogin, boolean domainOwnLogin) {
    }

    /**
     * The self-check: the store compared with everything the mail server reads.
     *
     * @param agrees            true when nothing disagrees (the exit code of {@code --verify} is 0 then)
     * @param generation        the store's desired generation
     * @param appliedGeneration the generation the mail server was last brought to
     * @param disagreements     every difference ({@code code}, {@code where}, {@code what}); no secret
     */
    public record Health(boolean agrees, String backend, boolean supported, long generation, long appliedGeneration,
                         List<String> checked, List<Disagreement> disagreements, String checkedAt, long tookMs) {
        public record Disagreement(String code, String where, String what) {
        }

        public static Health of(io.smarthost.core.service.HealthReport r) {
            return new Health(r.agrees(), r.backend(), r.supported(), r.generation(), r.appliedGeneration(), r.checked(),
                    r.disagreements().stream().map(d -> new Disagreement(d.code(), d.where(), d.what())).toList(),
                    r.at().toString(), r.tookMillis());
        }
    }

    /** A relay service preset. */
    public record ProviderPreset(String id, String name, String host, int port, String encryption, String fixedUsername,
                                 String usernameHint, String spfInclude, String verificationDocs,
                                 boolean forwardingMayBreak, List<String> regions) {
        public static ProviderPreset of(io.smarthost.core.provider.Provider p) {
            return new ProviderPreset(p.id(), p.name(), p.host(), p.port(), p.encryption().id(),
                    p.fixedUsername().orElse(null), p.usernameHint(), p.spfInclude(), p.verificationDocs(),
                    p.forwardingMayBreak(), p.regions());
        }
    }

    /**
     * The server-wide SRS switch (forwarded mail rewritten with SRS so that it keeps passing SPF).
     *
     * @param srs       whether it is on (the mail server writes it while a relay is on)
     * @param supported whether the active backend can do SRS (Postfix with postsrsd)
     * @param backend   the active backend's name
     */
    public record Srs(boolean srs, boolean supported, String backend) {
        public static Srs of(io.smarthost.core.service.SmarthostService s) {
            return new Srs(s.srs(), s.capabilities().srs(), s.backendName().orElse(""));
        }
    }
}
