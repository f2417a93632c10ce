package io.smarthost.ui.web;

import io.smarthost.ui.input.CustomerRelays;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ConfirmationRequiredException;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SenderRelayRow;
import io.smarthost.core.service.UnknownDomainException;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.input.FieldRules;
import io.smarthost.ui.rest.SenderModel;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.pf4j.Extension;

/**
 * Domain &gt; Mail &gt; Smarthost &gt; Sender addresses, under {@code /plugins/smarthost/domains/{domain}/senders}
 * (admin and the domain's owner): the domain's addresses with a relay of their own, the form to add or
 * edit one ({@code ?address=A}), removal with a confirmation, and "which relay applies to" an address
 * ({@code ?which=A}, an address of the domain or of its aliases). The host checks the role, the domain's
 * owner and the CSRF token, and hides the routes with the domain level. Works without JavaScript.
 *
 * @since 1.3
 */
@Extension
@Access(value = Role.CUSTOMER, domainParam = "domain")
public class SenderRelayPage implements PageExtension {
    static final String TEMPLATE = "sender.ftlh";
    static final String TITLE = "smarthost.sender.title";

    private final PageRuntime rt;
    private final SenderSection section;

    public SenderRelayPage(HostServices host) {
        this.rt = PageRuntime.of(host);
        this.section = new SenderSection(rt);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return rt.gate().domainLevel(context);
    }

    @GET
    @Path("domains/{domain}/senders")
    @Produces(MediaType.TEXT_HTML)
    public View show(@PathParam("domain") String domain, @QueryParam("address") String address,
                     @QueryParam("which") String which) {
        Domain d = domain();
        Model m = new Model(d);
        int status = 200;
        if (address != null && !address.isBlank()) {
            try {
                Optional<SenderRelayRow> row = rt.service().sender(d.name(), address);
                m.form(row.map(r -> r.address().address()).orElse(address.strip()), RelayForm.of(row.map(SenderRelayRow::settings)),
                        row.map(r -> r.settings().secretSet()).orElse(false), row.isPresent());
            } catch (RelayValidationException e) {
                m.errors(e.errors());
                status = 400;
            }
        }
        if (which != null) {
            status = Math.max(status, m.which(d, which));
        }
        return m.view(status);
    }

    @POST
    @Path("domains/{domain}/senders")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View post(@PathParam("domain") String domain, MultivaluedMap<String, String> fields) {
        Domain d = domain();
        Model m = new Model(d);
        String action = String.valueOf(fields.getFirst("action"));
        String address = Optional.ofNullable(fields.getFirst("address")).orElse("").strip();
        if (action.equals("remove")) {
            return remove(d, m, address, "yes".equals(fields.getFirst("confirm")), "on".equals(fields.getFirst("takeOver")));
        }
        List<FieldError> refused = new ArrayList<>();
        BiConsumer<String, FieldRules.Problem> refuse = (field, problem) -> refused.add(new FieldError(field, rt.text(problem.key)));
        RelayForm form = RelayForm.from(fields, refuse);
        boolean takeOver = RelayForm.box(fields, "takeOver", refuse);
        Optional<SenderRelayRow> stored = Optional.empty();
        try {
            stored = rt.service().sender(d.name(), address);
        } catch (RelayValidationException e) {
            refused.addAll(e.errors());
        }
        m.form(address, form, stored.map(r -> r.settings().secretSet()).orElse(false), stored.isPresent());
        Optional<Secret> password = password(fields, m);
        if (!refused.isEmpty()) {
            m.errors(refused);
            return m.view(400);
        }
        if (takeOver && !rt.request().user().isAdmin()) {
            m.errors(List.of(new FieldError("takeOver", rt.text("smarthost.sender.takeOverAdmin"))));
            return m.view(403);
        }
        RelayInput input = form.toInput(password, ProviderCatalog.builtIn());
        try {
            CustomerRelays.admit(rt.host(), rt.request().user(), rt.service(), d.name(), java.util.Optional.of(address), input);
            var result = rt.service().updateSender(d.name(), address, input, takeOver ? Confirm.TAKE_OVER_MANUAL : Confirm.NONE);
            rt.pending().forget(fields.getFirst("secretToken"));
            String shown = SenderAddress.parse(address).display();
            if (result.settingsChanged()) {
                m.put("savedText", rt.text(input.enabled() ? "smarthost.sender.saved" : "smarthost.sender.savedOff", shown));
            } else {
                // the settings already stored: nothing written, applied unless the mail server had to follow them
                m.put("unchangedText", rt.text(result.report().changed() ? "smarthost.sender.unchanged.reapplied"
                        : "smarthost.sender.unchanged", shown));
            }
            // what the mail server's files say is the administrator's business (customers never see main.cf lines)
            m.put("applyWarnings", rt.request().user().isAdmin()
                    ? result.report().warnings().stream().map(w -> w.text(rt.locale())).toList() : List.of());
            m.put("secretToken", "");
            m.refresh(d);
            m.clearForm();
            return m.view(200);
        } catch (RelayValidationException e) {
            m.errors(e.errors());
            return m.view(400);
        } catch (ConfirmationRequiredException e) {
            m.put("takeOverNeeded", true);
            m.put("formError", rt.text(rt.request().user().isAdmin() ? "smarthost.sender.takeOver" : "smarthost.sender.takeOverCustomer"));
            return m.view(409);
        } catch (RelayApplyException e) {
            m.put("formError", rt.text("smarthost.sender.applyFailed", e.step(), e.reason()));
            return m.view(502);
        } catch (UnknownDomainException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    /** Asks first; then, like a save, asks again when the removal writes over settings changed by hand (admins tick). */
    private View remove(Domain d, Model m, String address, boolean confirmed, boolean takeOver) {
        boolean admin = rt.request().user().isAdmin();
        String shown;
        try {
            Optional<SenderRelayRow> row = rt.service().sender(d.name(), address);
            if (row.isEmpty()) {
                return nothingToRemove(d, m, address); // removed already: a second click, another tab
            }
            shown = row.get().address().display();
            if (!confirmed) {
                m.put("confirmRemove", row.get().address().address());
                m.put("confirmRemoveDisplay", shown);
                return m.view(200);
            }
            try {
                if (rt.service().removeSender(d.name(), address, admin && takeOver ? Confirm.TAKE_OVER_MANUAL : Confirm.NONE)
                        .nothingChanged()) {
                    return nothingToRemove(d, m, address); // removed meanwhile
                }
            } catch (ConfirmationRequiredException e) {
                m.put("confirmRemove", row.get().address().address());
                m.put("confirmRemoveDisplay", shown);
                m.put("confirmRemoveTakeOver", admin);
                if (admin) {
                    m.errors(List.of(new FieldError("takeOverRemove", rt.text("smarthost.takeover.tick"))));
                }
                m.put("formError", rt.text(admin ? "smarthost.sender.removeTakeOver" : "smarthost.sender.takeOverCustomer"));
                return m.view(409);
            }
        } catch (RelayValidationException e) {
            m.errors(e.errors());
            return m.view(400);
        } catch (RelayApplyException e) {
            m.put("formError", rt.text("smarthost.sender.applyFailed", e.step(), e.reason()));
            return m.view(502);
        }
        m.put("savedText", rt.text("smarthost.sender.removed", shown));
        m.refresh(d);
        return m.view(200);
    }

    /** The answer to removing the relay of an address that has none: said so; nothing written, applied or logged. */
    private View nothingToRemove(Domain d, Model m, String address) {
        m.put("unchangedText", rt.text("smarthost.sender.remove.nothing", SenderAddress.parse(address).display()));
        m.refresh(d);
        return m.view(200);
    }

    /** The typed password, else the one kept for this form; a typed one is kept for the next post (as the relay form does). */
    private Optional<Secret> password(MultivaluedMap<String, String> fields, Model m) {
        String typed = fields.getFirst("password");
        String token = fields.getFirst("secretToken");
        String login = rt.request().user().login();
        Optional<Secret> secret;
        if (typed != null && !typed.isEmpty()) {
            secret = Optional.of(Secret.of(typed));
            rt.pending().forget(token);
            token = rt.pending().put(login, secret.get());
        } else {
            secret = rt.pending().get(login, token);
            if (secret.isEmpty()) {
                token = "";
            }
        }
        m.put("secretToken", token == null ? "" : token);
        return secret;
    }

    private Domain domain() {
        return rt.request().domain().orElseThrow(NotFoundException::new);
    }

    /** The template's values; every key is always present (the host's View refuses nulls). */
    private final class Model {
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> errors = new LinkedHashMap<>();

        Model(Domain d) {
            boolean admin = rt.request().user().isAdmin();
            Capabilities caps = rt.service().capabilities();
            String url = URLEncoder.encode(d.name(), StandardCharsets.UTF_8);
            values.put("admin", admin);
            values.put("domainName", HostSyntax.toUnicode(d.name()));
            values.put("domainAscii", d.name());
            values.put("pageUrl", SenderSection.url(d.name()));
            values.put("domainUrl", "/plugins/smarthost/domains/" + url);
            values.put("cancelUrl", "/domains/" + url);
            values.put("supported", caps.senderRelay());
            values.put("backendName", rt.service().backendName().orElse(""));
            values.put("limit", rt.service().senderLimit());
            values.put("errors", errors);
            values.put("formError", "");
            values.put("savedText", "");
            values.put("unchangedText", "");
            values.put("applyWarnings", List.of());
            values.put("confirmRemove", "");
            values.put("confirmRemoveDisplay", "");
            values.put("confirmRemoveTakeOver", false);
            values.put("takeOverNeeded", false);
            values.put("secretToken", "");
            values.put("which", Map.of());
            values.put("whichAddress", "");
            values.put("encryptions", encryptions(caps));
            values.put("certificateChoice", caps.certificateVerification() || caps.encryptions().isEmpty());
            values.put("mxChoice", caps.mxLookupChoice());
            refresh(d);
            clearForm();
        }

        void refresh(Domain d) {
            List<Map<String, Object>> rows = section.rows(d.name());
            values.put("rows", rows);
            values.put("full", rows.size() >= rt.service().senderLimit());
        }

        void clearForm() {
            form("", new RelayForm(true, ProviderCatalog.CUSTOM, "", "", "", "starttls", true, false, ""), false, false);
        }

        void form(String address, RelayForm form, boolean secretSet, boolean editing) {
            Map<String, Object> f = form.toMap();
            f.put("address", address);
            values.put("form", f);
            values.put("secretSet", secretSet);
            values.put("editing", editing);
        }

        /** The lookup; its status: 200, or 400 when the address is refused. */
        int which(Domain d, String typed) {
            values.put("whichAddress", typed.strip());
            try {
                SenderAddress a = SenderAddress.parse(typed);
                Optional<Domain> of = rt.host().domains().find(a.domain());
                if (of.isEmpty() || !of.get().name().equals(d.name())) {
                    errors.put("which", rt.text("smarthost.sender.which.otherDomain", HostSyntax.toUnicode(d.name())));
                    return 400;
                }
                SenderModel.Which w = SenderModel.Which.of(rt.service().whichRelay(typed), rt.request().user().isAdmin(),
                        rt.locale(), rt.host().messages(), rt.service()::relaySetByHand);
                values.put("which", Map.of("source", w.source(), "text", w.text()));
                return 200;
            } catch (SenderAddress.InvalidException e) {
                errors.put("which", rt.host().messages().get(rt.locale(), "smarthost.sender.which.invalid"));
                return 400;
            }
        }

        void errors(List<FieldError> list) {
            for (FieldError e : list) {
                // the service names the address before a relay field's message; the form shows it beside the field
                errors.putIfAbsent(e.field(), e.message().replaceFirst("^[^\\s:]+@[^\\s:]+: ", ""));
            }
            values.put("formError", rt.plural("smarthost.form.fix", list.size()));
        }

        void put(String key, Object value) {
            values.put(key, value);
        }

        View view(int status) {
            return new View(TEMPLATE, TITLE, values, status);
        }
    }

    private static List<String> encryptions(Capabilities caps) {
        List<String> out = new ArrayList<>();
        for (Encryption e : Encryption.values()) {
            if (caps.encryptions().isEmpty() || caps.encryptions().contains(e)) {
                out.add(e.id());
            }
        }
        return out;
    }
}
