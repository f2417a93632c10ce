package io.smarthost.ui.web;

import io.smarthost.core.authrec.ApplyResult;
import io.smarthost.core.authrec.AuthRecord;
import io.smarthost.core.authrec.AuthRecordPaste;
import io.smarthost.core.authrec.AuthRecordProblem;
import io.smarthost.core.authrec.AuthRecordRules;
import io.smarthost.core.authrec.AuthRecordService;
import io.smarthost.core.authrec.AuthRecordText;
import io.smarthost.core.authrec.RecordCheck;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.AuthRecords;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * Domain &gt; Mail &gt; Smarthost &gt; Domain authentication records, under
 * {@code /plugins/smarthost/domains/{domain}/auth-records} (admin and the domain's owner): the records
 * the relay service asked for (DKIM CNAMEs or keys, return path), entered one by one or pasted from the
 * service's dashboard, their state in the panel's zone, a live DNS check, and "apply to the panel's
 * zone" (conflicts shown, written over only with the explicit "replace" button). {@code POST} field
 * {@code action}: {@code save} (the paste), {@code add} (one record), {@code check}, {@code apply},
 * {@code replace}. The host checks the role, the owner and the CSRF token, and answers 404 while the
 * domain level is hidden.
 */
@Extension
@Access(value = Role.CUSTOMER, domainParam = "domain")
public class AuthRecordsPage implements PageExtension {
    static final String TITLE = "smarthost.authrec.title";
    static final String TEMPLATE = "authrecords.ftlh";

    private final PageRuntime rt;

    public AuthRecordsPage(HostServices host) {
        this.rt = PageRuntime.of(host);
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
    @Path("domains/{domain}/auth-records")
    @Produces(MediaType.TEXT_HTML)
    public View show(@PathParam("domain") String domain) {
        return new View(TEMPLATE, TITLE, model(name()), 200);
    }

    @POST
    @Path("domains/{domain}/auth-records")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View post(@PathParam("domain") String domain, MultivaluedMap<String, String> form) {
        String d = name();
        String action = String.valueOf(form.getFirst("action"));
        AuthRecordService service = AuthRecords.service(rt.host());
        Map<String, Object> m;
        int status = 200;
        switch (action) {
            case "save" -> {
                String paste = Optional.ofNullable(form.getFirst("paste")).orElse("");
                AuthRecordPaste.Parsed parsed = AuthRecordPaste.parse(paste);
                List<AuthRecordProblem> problems = new ArrayList<>(parsed.problems());
                String provider = provider(d, form.getFirst("provider"));
                boolean kept = false;
                if (problems.isEmpty()) {
                    AuthRecordRules.Validated v = service.save(d, provider, parsed.candidates(),
                            AuthRecords.serviceName(provider, rt.locale()));
                    problems.addAll(v.problems());
                    kept = v.ok();
                }
                m = model(d);
                if (!kept) {
                    AuthRecordText t = AuthRecordText.forLocale(rt.locale());
                    m.put("paste", paste);
                    m.put("pasteErrors", problems.stream().map(t::onLine).toList());
                    m.put("formError", rt.plural("smarthost.authrec.fix", problems.size()));
                    status = 400;
                } else {
                    m.put("notice", rt.text(service.records(d).records().isEmpty() ? "smarthost.authrec.removed" : "smarthost.authrec.saved"));
                }
            }
            case "add" -> {
                m = new HashMap<>();
                status = add(d, form, service, m);
            }
            case "check" -> {
                m = model(d);
                AuthRecordText t = AuthRecordText.forLocale(rt.locale());
                m.put("live", service.check(d).stream().map(c -> live(c, t)).toList());
            }
            case "apply", "replace" -> {
                List<ApplyResult> results = service.apply(d, action.equals("replace"));
                m = model(d);
                AuthRecordText t = AuthRecordText.forLocale(rt.locale());
                m.put("results", results.stream().map(r -> result(r, t)).toList());
                m.put("conflicts", results.stream().filter(r -> r.result() == ApplyResult.Result.CONFLICT && replaceable(d, r)).count());
            }
            default -> throw new NotFoundException();
        }
        return new View(TEMPLATE, TITLE, m, status);
    }

    /** One record typed in the three fields, added to the stored ones; errors tied to their fields. */
    private int add(String d, MultivaluedMap<String, String> form, AuthRecordService service, Map<String, Object> out) {
        String name = Optional.ofNullable(form.getFirst("addName")).orElse("");
        String type = Optional.ofNullable(form.getFirst("addType")).orElse("");
        String value = Optional.ofNullable(form.getFirst("addValue")).orElse("");
        List<AuthRecordRules.Candidate> all = new ArrayList<>();
        List<AuthRecord> stored = service.records(d).records();
        for (AuthRecord r : stored) {
            all.add(new AuthRecordRules.Candidate(all.size(), r.name(), r.type().name(), r.value()));
        }
        int position = all.size();
        all.add(new AuthRecordRules.Candidate(position, name, type, value));
        String provider = provider(d, form.getFirst("provider"));
        AuthRecordRules.Validated v = service.save(d, provider, all, AuthRecords.serviceName(provider, rt.locale()));
        out.putAll(model(d));
        if (v.ok()) {
            out.put("notice", rt.text("smarthost.authrec.added"));
            return 200;
        }
        AuthRecordText t = AuthRecordText.forLocale(rt.locale());
        Map<String, String> errors = new LinkedHashMap<>();
        for (AuthRecordProblem p : v.problems()) {
            String field = p.position() == position && !p.field().isEmpty() ? "add" + Character.toUpperCase(p.field().charAt(0))
                    + p.field().substring(1) : "addValue";
            errors.merge(field, p.position() == position || p.position() < 0 ? t.problem(p) : t.inList(p), (a, b) -> a + " " + b);
        }
        out.put("addErrors", errors);
        out.put("addName", name);
        out.put("addType", type);
        out.put("addValue", value);
        out.put("formError", rt.plural("smarthost.authrec.fix", v.problems().size()));
        return 400;
    }

    private boolean replaceable(String d, ApplyResult r) {
        return AuthRecords.service(rt.host()).zone(d).stream()
                .anyMatch(z -> z.record().equals(r.record()) && z.replaceable());
    }

    private String provider(String d, String chosen) {
        try {
            return AuthRecords.providerFor(rt.host(), d, Optional.ofNullable(chosen).filter(c -> !c.isBlank()));
        } catch (IllegalArgumentException e) {
            return AuthRecords.providerFor(rt.host(), d, Optional.empty());
        }
    }

    /** The page's values; every key is always present (the host's View refuses nulls). */
    private Map<String, Object> model(String d) {
        AuthRecords.Records records = AuthRecords.Records.of(rt.host(), d, rt.locale());
        Map<String, Object> m = new HashMap<>();
        String url = "/plugins/smarthost/domains/" + URLEncoder.encode(d, StandardCharsets.UTF_8);
        m.put("domainName", rt.service().domain(d).domainDisplay());
        m.put("pageUrl", url + "/auth-records");
        m.put("relayUrl", url);
        m.put("domainUrl", "/domains/" + URLEncoder.encode(d, StandardCharsets.UTF_8));
        m.put("providerId", records.provider());
        m.put("providerName", io.smarthost.core.provider.ProviderCatalog.builtIn().find(records.provider())
                .map(rt.catalogTexts()::providerName).orElse(records.providerName()));
        m.put("providerTypes", String.join(", ", records.providerTypes()));
        m.put("providerHint", records.providerHint());
        m.put("providers", providers());
        m.put("zoneServed", records.zoneServed());
        m.put("maxRecords", records.maxRecords());
        m.put("rows", records.records().stream().map(AuthRecordsPage::row).toList());
        m.put("paste", AuthRecords.service(rt.host()).records(d).records().stream().map(AuthRecord::zoneLine)
                .collect(Collectors.joining("\n")));
        m.put("pasteErrors", List.of());
        m.put("addErrors", Map.of());
        m.put("addName", "");
        m.put("addType", "CNAME");
        m.put("addValue", "");
        m.put("live", List.of());
        m.put("results", List.of());
        m.put("conflicts", 0L);
        m.put("notice", "");
        m.put("formError", "");
        return m;
    }

    private List<Map<String, Object>> providers() {
        CatalogTexts texts = rt.catalogTexts();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Provider p : ProviderCatalog.builtIn().all()) {
            out.add(Map.of("id", p.id(), "name", texts.providerName(p)));
        }
        out.add(Map.of("id", ProviderCatalog.CUSTOM, "name", rt.text("smarthost.provider.custom")));
        return out;
    }

    private static Map<String, Object> row(AuthRecords.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("type", r.type());
        m.put("value", r.value());
        m.put("zoneState", r.zoneState());
        m.put("zoneStateText", r.zoneStateText());
        m.put("existing", r.existing());
        return m;
    }

    private static Map<String, Object> live(RecordCheck c, AuthRecordText t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.record().name());
        m.put("type", c.record().type().name());
        m.put("value", c.record().value());
        m.put("state", c.state().name());
        m.put("stateText", t.live(c.state()));
        m.put("found", c.state() == RecordCheck.State.FOUND ? List.of() : c.found());
        m.put("reason", c.reason());
        return m;
    }

    private static Map<String, Object> result(ApplyResult r, AuthRecordText t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.record().name());
        m.put("type", r.record().type().name());
        m.put("value", r.record().value());
        m.put("result", r.result().name());
        m.put("resultText", t.result(r.result()));
        m.put("existing", r.existing());
        m.put("reason", r.reason());
        return m;
    }

    private String name() {
        Domain d = rt.request().domain().orElseThrow(NotFoundException::new);
        return d.name();
    }
}
