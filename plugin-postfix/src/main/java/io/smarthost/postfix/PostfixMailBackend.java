package io.smarthost.postfix;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailNodes;
import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.postfix.delivery.PostfixDeliveryReporting;
import java.time.Clock;
import java.util.Optional;
import io.smarthost.core.relay.Encryption;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.postfix.apply.ApplyEngine;
import io.smarthost.postfix.apply.Layout;
import io.smarthost.postfix.apply.PostfixCommands;
import io.smarthost.postfix.inspect.Inspector;
import io.smarthost.postfix.inspect.Verifier;
import io.smarthost.postfix.pgsql.PgsqlMode;
import io.smarthost.postfix.sandbox.SandboxConfig;
import io.smarthost.postfix.srs.SrsDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.pf4j.Extension;

/**
 * The Postfix backend: server-wide and per-sender-domain relays with their own logins, STARTTLS,
 * implicit TLS and certificate verification per relay, written into main.cf, master.cf and lookup
 * tables of our own beside them. See the module README for what is written and why.
 */
@Extension
public class PostfixMailBackend implements MailBackend {

    private final PostfixSettings settings;
    private final Layout layout;
    private final PostfixCommands commands;
    private final ApplyEngine engine;
    private final io.smarthost.postfix.maincf.RecipientDelimiter delimiter;
    /** {@code [mail] smarthost.postfix.maps = pgsql} (read when the plugin starts); empty: the files mode. */
    private final Optional<PgsqlMode> pgsql;

    /** Used by the host: reads panel.ini and the panel's folders. */
    public PostfixMailBackend(HostServices host) {
        this(PostfixSettings.fromHost(host), SrsDaemon.fromHost(host), host);
    }

    private PostfixMailBackend(PostfixSettings settings, SrsDaemon srs, HostServices host) {
        this(settings, srs, PostfixIniKeys.pgsqlMaps(host) ? Optional.of(new PgsqlMode(host, settings)) : Optional.empty());
    }

    /** For tests and tools: an explicit configuration folder and command runner. */
    public PostfixMailBackend(PostfixSettings settings) {
        this(settings, SrsDaemon.DEBIAN);
    }

    /** As above, with postsrsd answering where {@code srs} says (tests run their own). */
    public PostfixMailBackend(PostfixSettings settings, SrsDaemon srs) {
        this(settings, srs, Optional.empty());
    }

    private PostfixMailBackend(PostfixSettings settings, SrsDaemon srs, Optional<PgsqlMode> pgsql) {
        this.pgsql = pgsql;
        pgsql.flatMap(PgsqlMode::problem).ifPresent(problem -> org.slf4j.LoggerFactory.getLogger(PostfixMailBackend.class)
                .error("{}; every change is refused until then", problem));
        this.settings = settings;
        this.layout = new Layout(settings.configDir());
        this.commands = new PostfixCommands(settings.commands(), settings.commandDir(), settings.timeout());
        this.engine = new ApplyEngine(layout, commands, settings.caFile(), settings.historyLimit(), srs);
        this.delimiter = new io.smarthost.postfix.maincf.RecipientDelimiter(layout.mainCf());
    }

    @Override
    public String id() {
        return "postfix";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String displayName() {
        return "Postfix";
    }

    @Override
    public boolean detect() {
        return Files.isExecutable(settings.commandDir().resolve("postconf"))
                || Files.isExecutable(settings.commandDir().resolve("postfix"))
                || Files.isRegularFile(layout.mainCf());
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, EnumSet.allOf(Encryption.class), true, true, List.of(
                "Implicit TLS (port 465) uses a dedicated Postfix transport; STARTTLS is required, never opportunistic, when chosen.",
                "Bounces (empty sender) use the server-wide relay and its login.",
                "Certificate verification checks the relay's name against its certificate using " + settings.caFile() + ".",
                "SRS uses postsrsd (Debian package postsrsd, started by the system) at " + engine.rendering().srs().forwardTable()
                        + " and " + engine.rendering().srs().reverseTable() + "; the panel's own domains are never rewritten.",
                "A backup relay is tried when the first cannot be reached or answers with a temporary (4xx) error; it uses "
                        + "the first relay's encryption. A domain's backup is sent the domain's login (Postfix looks logins "
                        + "up by sender first); only the server-wide backup can have a login of its own."),
                true, // SRS through postsrsd
                true, // per-sender relays (1.3): Postfix looks the full address up before @domain in the sender maps
                new io.smarthost.core.backend.BackupSupport(true, true, true, false));
    }

    /**
     * The transports with verification on ({@code smarthost-*-verify}, level {@code secure}) carry
     * {@code -o smtp_tls_CAfile=} this backend's CA file and {@code smtp_tls_secure_cert_match =
     * nexthop,dot-nexthop} (see {@code render.Transport}); without verification the level is
     * {@code encrypt}, which encrypts without looking at the certificate.
     */
    @Override
    public MailServerTrust certificateTrust() {
        return MailServerTrust.caFile(displayName(), Path.of(settings.caFile()), "smtp_tls_CAfile",
                MailServerTrust.NameRule.NEXTHOP_OR_SUBDOMAIN);
    }

    @Override
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        prepareSandbox();
        if (pgsql.isPresent()) {
            return pgsql.get().apply(desired, changes);
        }
        return engine.apply(desired, changes);
    }

    /** Indexes the three text maps (a one-domain change then edits them at once, even right after a start). */
    @Override
    public void warmUp() {
        engine.warmUp();
    }

    @Override
    public Inspection inspect() throws BackendException {
        return inspector().inspect();
    }

    /**
     * Answers from the last look while main.cf, master.cf and the record of the last apply are the same files (size,
     * modification and change times, inode) as then: every change asks, and reading and comparing both files cost a
     * one-domain change about 1.4 ms. Any write, by the panel or by hand, moves the change time, which no tool can
     * set back; a look taken while a file was changed less than two seconds before is not kept (file times move in
     * ticks of a few milliseconds on older kernels: a second write in the same tick would look the same).
     */
    @Override
    public boolean mayTakeOver() throws BackendException {
        List<Object> stamps = new ArrayList<>();
        boolean settled = true;
        long young = System.currentTimeMillis() - 2_000;
        for (Path f : List.of(layout.mainCf(), layout.masterCf(), layout.appliedState())) {
            try {
                Map<String, Object> a = Files.readAttributes(f, "unix:size,lastModifiedTime,ctime,ino");
                stamps.add(List.of(a.get("size"), a.get("lastModifiedTime"), a.get("ctime"), a.get("ino")));
                settled &= ((java.nio.file.attribute.FileTime) a.get("ctime")).toMillis() < young;
            } catch (IOException | UnsupportedOperationException e) {
                stamps.add("absent"); // no file, or none readable: inspecting tells which
            }
        }
        TakeOverLook last = lastLook;
        if (last != null && last.stamps().equals(stamps)) {
            return last.signs();
        }
        boolean signs = inspector().takeOverSigns();
        lastLook = settled ? new TakeOverLook(stamps, signs) : null;
        return signs;
    }

    private record TakeOverLook(List<Object> stamps, boolean signs) {
    }

    private volatile TakeOverLook lastLook;

    @Override
    public Preview preview(DesiredState desired) throws BackendException {
        return preview(desired, new io.smarthost.core.backend.ChangeSet(false, false, java.util.Set.of()));
    }

    @Override
    public Preview preview(DesiredState desired, io.smarthost.core.backend.ChangeSet changes) throws BackendException {
        if (pgsql.isEmpty()) {
            return inspector().preview(desired, changes);
        }
        // the map entries as the nodes read them (rows), not the text maps of the files mode
        return PgsqlMode.preview(inspector().preview(desired, changes, pgsql.get()::currentEntries), layout.configDir());
    }

    @Override
    public Verification verify(DesiredState desired) throws BackendException {
        prepareSandbox();
        if (pgsql.isPresent()) {
            return pgsql.get().verify(desired);
        }
        return new Verifier(layout, engine.rendering(), settings.commandDir(), settings.timeout()).verify(desired);
    }

    /** Postfix reports delivery: its log and its queue ({@code postqueue -j}); none when the log is set {@code off}. */
    @Override
    public Optional<DeliveryReporting> deliveryReporting() {
        if (settings.log() != null && PostfixSettings.LOG_OFF.equals(settings.log().strip())) {
            return Optional.empty();
        }
        return Optional.of(new PostfixDeliveryReporting(layout.configDir(), settings.commandDir(), settings.commands(),
                settings.timeout(), settings.log(), Clock.systemUTC()));
    }

    /**
     * main.cf's {@code recipient_delimiter} (and the addresses Postfix never splits): Postfix looks
     * {@code alice+news@example.com} up, then {@code alice@example.com}, then {@code @example.com} in the three sender
     * maps. Re-read when main.cf changes. With PostgreSQL maps, this machine's main.cf speaks for the nodes.
     */
    @Override
    public io.smarthost.core.backend.AddressExtensions addressExtensions() {
        return delimiter.get();
    }

    /** With {@code [mail] smarthost.postfix.maps = pgsql}: the Postfix nodes reading the maps from PostgreSQL. */
    @Override
    public Optional<MailNodes> nodes() {
        return pgsql.map(PgsqlMode::nodes);
    }

    /** The configuration folder this backend writes. */
    public Path configDir() {
        return layout.configDir();
    }

    private Inspector inspector() throws BackendException {
        prepareSandbox();
        return new Inspector(layout, engine.rendering());
    }

    /** The panel's default folder is ours to create; a configured folder (e.g. /etc/postfix) never is. */
    private void prepareSandbox() throws BackendException {
        if (!settings.sandbox()) {
            return;
        }
        try {
            SandboxConfig.ensure(layout.configDir(), OptionalInt.empty());
        } catch (IOException e) {
            throw new BackendException("sandbox", "cannot create the sandbox Postfix folder " + layout.configDir()
                    + ": " + e.getMessage(), e);
        }
    }
}
