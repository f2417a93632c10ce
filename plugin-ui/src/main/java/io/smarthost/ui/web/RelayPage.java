package io.smarthost.ui.web;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckRefusedException;
import io.smarthost.core.check.CheckRequest;
import io.smarthost.core.check.TestMail;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.service.CheckRecord;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ConfirmationRequiredException;
import io.smarthost.core.service.HealthReport;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.service.UpdateResult;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.ui.input.CustomerRelays;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.View;
import io.smarthost.ui.SpfIncludes;
import io.smarthost.ui.input.FieldRules;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The smarthost form shared by the server page and the domain page: show, Check connection (runs
 * against the unsaved values, nothing stored but the check's result), OK (save, with the take-over
 * confirmation whenever the save would write over settings written by hand: a relay set up by hand,
 * or any hand edit since the panel last wrote them), and the test e-mail. Every answer is a whole page,
 * so the form works without JavaScript.
 */
final class RelayPage {
    static final String TEMPLATE = "relay.ftlh";

    private final PageRuntime rt;
    private final SpfPanel spf;
    private final BackendSettingsCard card;
    private final SrsCard srsCard;
    private final DeliveryCard delivery;
    private final SenderSection senders;
    private final NodesCard nodes;

    RelayPage(PageRuntime rt) {
        this.rt = rt;
        this.spf = new SpfPanel(rt);
        this.card = new BackendSettingsCard(rt);
        this.srsCard = new SrsCard(rt);
        this.delivery = new DeliveryCard(rt);
        this.senders = new SenderSection(rt);
        this.nodes = new NodesCard(rt);
    }

    /** The page as stored; with nothing stored, the form starts from a relay set up by hand in the mail server. */
    View show(RelayTarget t, String titleKey, boolean spfCheck) {
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        Optional<DetectedRelay> detected = view.settings().isPresent() || !t.server() ? Optional.empty()
                : m.inspection.flatMap(Inspection::detectedRelay);
        if (detected.isPresent()) {
            m.reset(RelayForm.detected(detected.get()), view);
            m.put("prefilled", true);
        }
        m.put("spf", spf.model(t, view, spfCheck));
        return m.view(titleKey, 200);
    }

    /** A form post: {@code action} is {@code check} or {@code save}. */
    View post(RelayTarget t, String titleKey, MultivaluedMap<String, String> fields) {
        RelayView view = view(t);
        List<FieldError> refused = new ArrayList<>();
        BiConsumer<String, FieldRules.Problem> refuse = (field, problem) -> refused.add(new FieldError(field, rt.text(problem.key)));
        RelayForm form = RelayForm.from(fields, refuse);
        boolean takeOver = RelayForm.box(fields, "takeOver", refuse);
        Model m = new Model(t, form, view);
        Optional<Secret> password = password(t, fields, m);
        BackupForm backupForm = BackupForm.from(fields, refuse);
        m.put("backup", backupForm.toMap());
        Optional<Secret> backupPassword = Optional.ofNullable(fields.getFirst("backupPassword"))
                .filter(p -> !p.isEmpty()).map(Secret::of);
        RelayInput input = form.toInput(password, ProviderCatalog.builtIn()).withBackup(backupForm.toInput(backupPassword));
        String action = String.valueOf(fields.getFirst("action"));
        int status;
        if (!refused.isEmpty()) {
            m.errors(refused, t); // the REST API refuses the same values, with the same words
            status = 400;
        } else {
            status = "check".equals(action) ? check(t, input, m) : save(t, input, takeOver, fields, m);
        }
        boolean saved = status == 200 && !"check".equals(action);
        RelayView after = saved ? view(t) : view;
        if (saved) {
            m.reset(RelayForm.of(after.settings()), after);
            m.inspect();
            // a save of the settings already stored is answered with a neutral notice (save), not "Saved"
            m.put("savedText", Boolean.TRUE.equals(m.values.get("saved")) ? savedText(t, input.enabled(), after) : "");
        }
        Map<String, Object> spfModel = spf.model(t, after, false);
        if (saved) {
            spfModel.put("removal", spf.removalNotice(t, SpfIncludes.needed(rt.host(), view), after));
        }
        m.put("spf", spfModel);
        return m.view(titleKey, status);
    }

    /** Sends a test message through the stored relay of this scope. */
    View testMail(RelayTarget t, String titleKey, String from, String to) {
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("testFrom", from == null ? "" : from.strip());
        m.put("testTo", to == null ? "" : to.strip());
        SmarthostService service = rt.service();
        Optional<Relay> relay = service.effectiveFor(t.domain().orElse("")).relay();
        int status = 200;
        Map<String, String> testErrors = new LinkedHashMap<>();
        if (!isAddress(from)) {
            testErrors.put("from", rt.text((from == null || from.isBlank()) ? "smarthost.test.fromMissing" : "smarthost.test.badAddress"));
        }
        if (!isAddress(to)) {
            testErrors.put("to", rt.text((to == null || to.isBlank()) ? "smarthost.test.toMissing" : "smarthost.test.badAddress"));
        }
        m.put("testErrors", testErrors);
        if (!testErrors.isEmpty()) {
            m.put("testError", rt.plural("smarthost.form.fixTest", testErrors.size()));
            status = 400;
        } else if (relay.isEmpty()) {
            m.put("testError", rt.text("smarthost.test.noRelay"));
            status = 400;
        } else {
            try {
                TestMail mail = new TestMail(from == null ? "" : from, to == null ? "" : to);
                CheckReport report = rt.checker().check(new CheckRequest(relay.get(), t.requester(), Optional.empty(),
                        Optional.empty(), Optional.of(mail)).forMailServer(service.mailServerTrust()), rt.locale());
                m.put("testReport", CheckReportView.of(report, rt::text));
                status = report.ok() ? 200 : 502;
            } catch (IllegalArgumentException e) {
                m.put("testError", addressError(e.getMessage()));
                status = 400;
            } catch (CheckRefusedException e) {
                m.put("testError", e.message(rt.locale()));
                status = e.reason() == CheckRefusedException.Reason.RATE_LIMITED ? 429 : 403;
            }
        }
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, status);
    }

    /** "Repair now" (server page): writes the mail server's configuration again from the store. */
    View repair(RelayTarget t, String titleKey) {
        int status = 200;
        String error = "";
        List<String> warnings = List.of();
        try {
            warnings = rt.service().repair().report().warnings().stream().map(w -> w.text(rt.locale())).toList();
        } catch (RelayApplyException e) {
            error = rt.text(e.nothingChanged() ? "smarthost.apply.failed" : "smarthost.apply.incomplete", e.step(), e.reason());
            status = 500;
        }
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("repaired", status == 200);
        m.put("applyWarnings", warnings);
        m.put("formError", error);
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, status);
    }

    /** The SRS switch of the server page ({@link SrsCard}). */
    View srs(RelayTarget t, String titleKey, String value) {
        SrsCard.Changed changed = srsCard.change(value);
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("srs", changed.card());
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, changed.status());
    }

    /**
     * "Use the server-wide settings": deletes the domain's own settings. Like a save, it asks first when that
     * writes over settings changed by hand (an administrator ticks {@code takeOver}; a customer is sent to them).
     */
    View remove(RelayTarget t, String titleKey, MultivaluedMap<String, String> fields) {
        Optional<String> was = SpfIncludes.needed(rt.host(), view(t));
        boolean takeOver = t.admin() && "on".equals(fields.getFirst("takeOver"));
        int status = 200;
        String error = "";
        Optional<ConfirmationRequiredException> ask = Optional.empty();
        boolean nothing = false;
        try {
            nothing = rt.service().removeDomain(t.domain().get(), takeOver ? Confirm.TAKE_OVER_MANUAL : Confirm.NONE)
                    .nothingChanged();
        } catch (ConfirmationRequiredException e) {
            ask = Optional.of(e);
            error = rt.text(t.admin() ? "smarthost.remove.takeOver" : "smarthost.takeover.adminFirst");
            status = 409;
        } catch (RelayApplyException e) {
            error = rt.text(e.nothingChanged() ? "smarthost.apply.failed" : "smarthost.apply.incomplete", e.step(), e.reason());
            status = 500;
        }
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("removed", status == 200 && !nothing);
        if (nothing) {
            // a second click, another tab: the domain had no settings of its own, and nothing was written or applied
            m.put("unchangedText", rt.text("smarthost.remove.nothing", view.domainDisplay()));
        }
        m.put("formError", error);
        if (ask.isPresent()) {
            confirmRemoveCard(t, m);
            if (t.admin()) {
                m.put("confirmRemoveTakeOver", true);
                m.error("takeOverRemove", rt.text("smarthost.takeover.tick"));
                m.put("removePreview", ask.get().preview().map(Preview::lines).orElse(List.of()));
                m.put("removePreviewDrift", ask.get().preview().map(Preview::drift).orElse(List.of()));
            }
        }
        Map<String, Object> spfModel = spf.model(t, view, false);
        if (status == 200 && !nothing) {
            spfModel.put("removal", spf.removalNotice(t, was, view));
        }
        m.put("spf", spfModel);
        return m.view(titleKey, status);
    }

    /** Saves the settings {@code backend} needs besides the relays (its card on the server page), checked by the backend. */
    View backendSettings(RelayTarget t, String titleKey, MailBackend backend, MultivaluedMap<String, String> fields) {
        BackendSettingsCard.Saved saved = card.save(backend, fields);
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("backendSettings", saved.card());
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, saved.status());
    }

    /** An SPF button: apply to the zone(s) or template, or set the include of a custom relay. */
    View spf(RelayTarget t, String titleKey, String action, String include) {
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("spf", spf.act(t, view, action, include));
        return m.view(titleKey, 200);
    }

    /** "Retry now" (admins, from the server page or a domain's delivery card): asks the mail server to deliver. */
    View retry(RelayTarget t, String titleKey, String queueId) {
        RelayView view = view(t);
        String id = queueId == null ? "" : queueId.strip();
        String notice;
        String error = "";
        try {
            io.smarthost.core.delivery.DeliveryRuntime.tracker(rt.host()).retry(id.isEmpty() ? Optional.empty() : Optional.of(id));
            rt.host().actionLog().record("smarthost.queue.retried", id.isEmpty() ? "all" : id, Map.of());
            notice = id.isEmpty() ? rt.text("smarthost.delivery.retried.all") : rt.text("smarthost.delivery.retried.one", id);
        } catch (IllegalArgumentException e) {
            notice = "";
            error = rt.text("smarthost.delivery.retry.badId");
        } catch (io.smarthost.core.backend.BackendException e) {
            notice = "";
            error = rt.text("smarthost.delivery.retry.failed", e.getMessage());
        }
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        m.put("retryNotice", notice);
        m.put("formError", error);
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, error.isEmpty() ? 200 : 400);
    }

    /** Whether {@code value} is an address a test mail can use (the check's own rule, see {@link TestMail}). */
    private static boolean isAddress(String value) {
        try {
            new TestMail(value == null ? "" : value, value == null ? "" : value);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** The notice after a save: where mail goes now, in the words of this page's level. */
    private String savedText(RelayTarget t, boolean enabled, RelayView after) {
        if (enabled) {
            return rt.text(t.server() ? "smarthost.saved.on" : "smarthost.saved.onDomain");
        }
        return rt.text(t.server() ? "smarthost.saved.offServer" : "smarthost.saved.off." + after.effectiveLevel().name());
    }

    /** "Use the server-wide settings" asks first: it deletes the domain's settings and its stored password. */
    View confirmRemove(RelayTarget t, String titleKey) {
        RelayView view = view(t);
        Model m = new Model(t, RelayForm.of(view.settings()), view);
        confirmRemoveCard(t, m);
        m.put("spf", spf.model(t, view, false));
        return m.view(titleKey, 200);
    }

    /**
     * Where the domain's mail goes once its settings are deleted: the server-wide smarthost, the relay the admin set by
     * hand in the mail server's configuration (named for administrators; customers read "the server's own relay"), or
     * the recipients' servers. It said "the server will deliver the domain's mail itself" while Postfix's own
     * {@code relayhost} would carry it (a hostile tester).
     */
    private void confirmRemoveCard(RelayTarget t, Model m) {
        m.put("confirmRemove", true);
        SmarthostService service = rt.service();
        String text;
        if (service.server().settings().filter(RelaySettings::active).isPresent()) {
            text = rt.text("smarthost.remove.confirm.SERVER");
        } else {
            Optional<String> byHand = service.relaySetByHand().map(io.smarthost.ui.rest.ApiModel.Scope::handText);
            text = byHand.isEmpty() ? rt.text("smarthost.remove.confirm.DIRECT")
                    : t.admin() ? rt.text("smarthost.remove.confirm.HAND", byHand.get())
                    : rt.text("smarthost.remove.confirm.HAND.customer");
        }
        m.put("confirmRemoveText", text);
    }

    private String addressError(String message) {
        String field = message.startsWith("from:") ? "smarthost.test.from" : "smarthost.test.to";
        return rt.text(field) + ": " + rt.text("smarthost.test.badAddress");
    }

    private int check(RelayTarget t, RelayInput input, Model m) {
        SmarthostService service = rt.service();
        Optional<Relay> relay;
        try {
            relay = service.relayFor(t.scope(), input);
        } catch (RelayValidationException e) {
            m.errors(e.errors(), t);
            return 400;
        }
        if (relay.isEmpty()) {
            m.error("host", rt.text("smarthost.check.needHost"));
            return 400;
        }
        try {
            CheckReport report = rt.checker().check(CheckRequest.of(relay.get(), t.requester())
                    .forMailServer(service.mailServerTrust()), rt.locale());
            boolean kept = service.recordCheck(t.scope(), input, report, Instant.now());
            m.put("report", CheckReportView.of(report, rt::text));
            if (relay.get().backup().isPresent()) {
                // the backup relay is checked the same way and reported beside the relay's report
                CheckReport backupReport = rt.checker().check(CheckRequest.of(relay.get().backup().get()
                        .asRelay(relay.get()), t.requester()).forMailServer(service.mailServerTrust()), rt.locale());
                m.put("backupReport", CheckReportView.of(backupReport, rt::text));
            }
            m.put("checkKept", kept);
            m.put("lastCheck", lastCheck(service.lastCheck(t.scope())));
            return 200;
        } catch (CheckRefusedException e) {
            m.put("formError", e.message(rt.locale()));
            return e.reason() == CheckRefusedException.Reason.RATE_LIMITED ? 429 : 403;
        }
    }

    private int save(RelayTarget t, RelayInput input, boolean takeOver, MultivaluedMap<String, String> fields, Model m) {
        SmarthostService service = rt.service();
        Confirm confirm = t.admin() && takeOver ? Confirm.TAKE_OVER_MANUAL : Confirm.NONE;
        try {
            if (!t.server()) {
                CustomerRelays.admit(rt.host(), rt.request().user(), service, t.domain().get(), java.util.Optional.empty(), input);
            }
            UpdateResult result = t.server() ? service.updateServer(input, confirm)
                    : service.updateDomain(t.domain().get(), input, confirm);
            rt.pending().forget(fields.getFirst("secretToken"));
            if (result.settingsChanged()) {
                m.put("saved", true);
                m.put("savedEnabled", input.enabled());
            } else {
                // the settings already stored: nothing written, applied unless the mail server had to follow them
                m.put("unchangedText", rt.text(result.report().changed() ? "smarthost.unchanged.reapplied"
                        : "smarthost.unchanged"));
            }
            m.put("applySteps", result.report().steps());
            // what the mail server's files say is the administrator's business (customers never see main.cf lines)
            m.put("applyWarnings", t.admin() ? result.report().warnings().stream().map(w -> w.text(rt.locale())).toList() : List.of());
            m.put("secretToken", "");
            return 200;
        } catch (RelayValidationException e) {
            m.errors(e.errors(), t);
            return 400;
        } catch (ConfirmationRequiredException e) {
            if (!t.admin()) {
                m.put("formError", rt.text("smarthost.takeover.adminFirst"));
                return 409;
            }
            m.put("formError", rt.text("smarthost.takeover.confirmFirst"));
            m.error("takeOver", rt.text("smarthost.takeover.tick"));
            Optional<Preview> preview = e.preview().or(() -> preview(t, input));
            m.put("preview", preview.map(Preview::lines).orElse(List.of()));
            m.put("previewDrift", preview.map(Preview::drift).orElse(List.of()));
            m.put("manual", e.inspection().settings());
            return 409;
        } catch (RelayApplyException e) {
            m.put("formError", rt.text(e.nothingChanged() ? "smarthost.apply.failed" : "smarthost.apply.incomplete", e.step(), e.reason()));
            return 500;
        }
    }

    private Optional<Preview> preview(RelayTarget t, RelayInput input) {
        try {
            return Optional.of(rt.service().preview(t.scope(), input));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The typed password, else the one kept for this form; a typed one is kept for the next post. */
    private Optional<Secret> password(RelayTarget t, MultivaluedMap<String, String> fields, Model m) {
        String typed = fields.getFirst("password");
        String token = fields.getFirst("secretToken");
        Optional<Secret> secret;
        if (typed != null && !typed.isEmpty()) {
            secret = Optional.of(Secret.of(typed));
            rt.pending().forget(token);
            token = rt.pending().put(t.login(), secret.get());
        } else {
            secret = rt.pending().get(t.login(), token);
            if (secret.isEmpty()) {
                token = "";
            }
        }
        m.put("secretToken", token == null ? "" : token);
        return secret;
    }

    private RelayView view(RelayTarget t) {
        return t.domain().map(d -> rt.service().domain(d)).orElseGet(() -> rt.service().server());
    }

    private Map<String, Object> lastCheck(Optional<CheckRecord> record) {
        Map<String, Object> m = new HashMap<>();
        record.ifPresent(r -> {
            m.put("ok", r.ok());
            m.put("time", time(r.time()));
            m.put("summary", r.summary(rt.locale()));
        });
        return m;
    }

    String time(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(rt.locale())
                .withZone(ZoneId.systemDefault()).format(instant);
    }

    /** The template's values; every key is always present (the host's View refuses nulls). */
    private final class Model {
        private final RelayTarget target;
        /** What the mail server has now, for admins (read once per page). */
        private final Optional<Inspection> inspection;
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> errors = new LinkedHashMap<>();

        Model(RelayTarget t, RelayForm form, RelayView view) {
            this.target = t;
            values.put("server", t.server());
            values.put("admin", t.admin());
            values.put("pageUrl", t.pageUrl());
            values.put("cancelUrl", t.cancelUrl());
            values.put("domainName", view.domainDisplay());
            values.put("domainAscii", t.domain().orElse(""));
            values.put("report", Map.of());
            values.put("backupReport", Map.of());
            values.put("checkKept", true);
            values.put("testReport", Map.of());
            values.put("testError", "");
            values.put("testErrors", Map.of());
            values.put("savedText", "");
            values.put("unchangedText", "");
            values.put("confirmRemove", false);
            values.put("confirmRemoveText", "");
            values.put("confirmRemoveTakeOver", false);
            values.put("removePreview", List.of());
            values.put("removePreviewDrift", List.of());
            values.put("testFrom", t.domain().map(d -> "postmaster@" + d).orElse(""));
            values.put("testTo", "");
            values.put("formError", "");
            values.put("retryNotice", "");
            values.put("preview", List.of());
            values.put("health", health(t));
            values.put("repaired", false);
            values.put("previewDrift", List.of());
            this.inspection = inspection(t);
            inspect(inspection);
            values.put("prefilled", false);
            values.put("saved", false);
            values.put("savedEnabled", false);
            values.put("applySteps", List.of());
            values.put("applyWarnings", List.of());
            values.put("secretToken", "");
            values.put("errors", errors);
            values.put("providers", providers(rt.catalogTexts()));
            values.put("removed", false);
            values.put("authRecords", new AuthRecordCard(rt).model(t));
            values.put("backendSettings", card.model(t));
            values.put("srs", srsCard.model(t));
            values.put("delivery", delivery.model(t));
            values.put("senders", senders.model(t)); // per-sender relays (1.3), domain pages only
            values.put("nodes", nodes.model(t));
            reset(form, view);
        }

        void reset(RelayForm form, RelayView view) {
            SmarthostService service = rt.service();
            Capabilities caps = service.capabilities();
            values.put("form", form.toMap());
            // the backup relay section: offered only where the backend can add one
            values.put("backup", BackupForm.of(view.settings()).toMap());
            values.put("backupOffered", caps.backup().at(target.server()));
            values.put("backupOwnLogin", caps.backup().ownLoginAt(target.server()));
            values.put("backupSecretSet", view.settings().flatMap(RelaySettings::backup)
                    .filter(io.smarthost.core.service.BackupSettings::secretSet).isPresent());
            values.put("secretSet", view.secretSet());
            values.put("encryptions", encryptions(caps, form));
            values.put("certificateChoice", caps.certificateVerification() || caps.encryptions().isEmpty());
            values.put("mxChoice", caps.mxLookupChoice());
            values.put("levelAvailable", target.server() ? caps.serverRelay() || caps.encryptions().isEmpty()
                    : caps.domainRelay() || caps.encryptions().isEmpty());
            values.put("notes", target.admin() ? rt.catalogTexts().notes(caps.notes()) : List.of());
            values.put("backendName", service.backendName().orElse(""));
            values.put("backendProblem", service.backendProblem().orElse(""));
            values.put("level", view.effectiveLevel().name());
            // a customer sees their own relay, not the server's host and port
            values.put("effectiveRelay", target.admin() || view.effectiveLevel().name().equals("DOMAIN")
                    ? view.effective().map(RelaySettings::relayDisplay).orElse("") : "");
            values.put("ownActive", view.settings().filter(RelaySettings::active).isPresent());
            values.put("hasOwn", view.settings().isPresent());
            values.put("lastCheck", lastCheck(view.lastCheck()));
            CatalogTexts texts = rt.catalogTexts();
            values.put("selectedProvider", ProviderCatalog.builtIn().find(form.provider())
                    .map(p -> provider(p, texts)).orElse(Map.of()));
            values.put("forwardingMayBreak", ProviderCatalog.builtIn().find(form.provider())
                    .map(Provider::forwardingMayBreak).orElse(false));
        }

        /** Reads what the mail server has again (after a save that took it over, the boxes about hand edits go). */
        void inspect() {
            inspect(inspection(target));
        }

        private void inspect(Optional<Inspection> now) {
            // "configured by hand" is for a relay the panel never wrote; a hand edit of the panel's own relay
            // is drift, shown on its own (listing every managed line as hand-made would be untrue)
            values.put("manual", now.filter(Inspection::manualRelay)
                    .filter(i -> i.drift().stream().allMatch(d -> d.panelValue().isEmpty()))
                    .map(i -> i.settings().stream().filter(Inspection.Setting::managed).toList()).orElse(List.of()));
            values.put("drift", now.map(Inspection::drift).orElse(List.of()));
        }

        void put(String key, Object value) {
            values.put(key, value);
        }

        void error(String field, String message) {
            errors.putIfAbsent(field, message);
        }

        void errors(List<FieldError> list, RelayTarget t) {
            String prefix = t.domain().map(d -> d + ": ").orElse("");
            for (FieldError e : list) {
                String text = !prefix.isEmpty() && e.message().startsWith(prefix) ? e.message().substring(prefix.length()) : e.message();
                error(e.field(), text);
            }
            values.put("formError", rt.plural("smarthost.form.fix", list.size()));
        }

        View view(String titleKey, int status) {
            return new View(TEMPLATE, titleKey, values, status);
        }
    }

    /** The self-check for the server page (admins); empty elsewhere or when it cannot run. */
    private Map<String, Object> health(RelayTarget t) {
        if (!t.admin() || !t.server() || rt.service().backendName().isEmpty()) {
            return Map.of();
        }
        try {
            HealthReport h = rt.service().health();
            Map<String, Object> m = new HashMap<>();
            m.put("agrees", h.agrees());
            m.put("supported", h.supported());
            m.put("count", h.disagreements().size());
            m.put("checked", h.checked().size());
            m.put("generation", h.generation());
            // the code's sentence in the reader's language; the backend's own words stay English, marked as such
            m.put("items", h.disagreements().stream().map(d -> Map.of("code", io.smarthost.ui.HealthCodes.labelled(d.code()),
                    "where", d.where(), "what", d.what())).toList());
            m.put("unsupported", h.disagreements().stream().filter(d -> d.code().equals("unsupported"))
                    .map(d -> d.what()).findFirst().orElse(""));
            return m;
        } catch (RuntimeException e) {
            return Map.of("agrees", false, "supported", true, "count", 1, "checked", 0, "generation", 0,
                    "items", List.of(Map.of("code", "error", "where", "", "what", String.valueOf(e.getMessage()))),
                    "unsupported", "");
        }
    }

    /**
     * What the mail server has now, shown to admins: a relay set up by hand (which the first save takes
     * over) and every setting changed by hand since the panel last wrote it (each asks again).
     */
    private Optional<Inspection> inspection(RelayTarget t) {
        if (!t.admin() || rt.service().backendName().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(rt.service().inspect());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> encryptions(Capabilities caps, RelayForm form) {
        List<String> out = new ArrayList<>();
        for (Encryption e : Encryption.values()) {
            if (caps.encryptions().isEmpty() || caps.encryptions().contains(e) || e.id().equals(form.encryption())) {
                out.add(e.id());
            }
        }
        return out;
    }

    private static List<Map<String, Object>> providers(CatalogTexts texts) {
        return ProviderCatalog.builtIn().all().stream().map(p -> provider(p, texts)).toList();
    }

    private static Map<String, Object> provider(Provider p, CatalogTexts texts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", texts.providerName(p));
        m.put("host", p.host());
        m.put("port", p.port());
        m.put("encryption", p.encryption().id());
        m.put("username", p.fixedUsername().orElse(""));
        m.put("usernameHint", texts.providerHint(p));
        m.put("spf", p.spfInclude());
        m.put("docs", p.verificationDocs());
        m.put("forwarding", p.forwardingMayBreak());
        m.put("regions", p.regions());
        return m;
    }
}
