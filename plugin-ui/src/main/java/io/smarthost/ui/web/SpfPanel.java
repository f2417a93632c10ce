package io.smarthost.ui.web;

import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.dns.TxtStrings;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.spf.ApplyOutcome;
import io.smarthost.core.spf.SpfInclude;
import io.smarthost.core.spf.SpfService;
import io.smarthost.core.spf.SpfStatus;
import io.smarthost.core.spf.SpfText;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.ui.SpfIncludes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SPF panel of the smarthost pages: which {@code include:} the relay needs (the provider preset's,
 * or one the admin sets for a custom relay), the state in the panel's zone (cheap, always shown), the
 * live check on demand, and the buttons that apply the record to the panel's DNS zone or template.
 */
final class SpfPanel {
    /** How many domains the server page checks live at once. */
    static final int SERVER_SAMPLE = 20;
    /** How many domain names the removal notice spells out; the rest are counted. */
    static final int NOTICE_NAMES = 10;

    private final PageRuntime rt;

    SpfPanel(PageRuntime rt) {
        this.rt = rt;
    }

    Map<String, Object> model(RelayTarget t, RelayView view, boolean liveCheck) {
        Map<String, Object> m = base(t, view);
        m.put("removal", standingRemoval(t, view));
        String include = (String) m.get("include");
        if (liveCheck && !include.isEmpty()) {
            if (t.server()) {
                m.put("statuses", serverStatuses(include));
            } else {
                m.put("live", status(rt.spf().status(t.domain().get(), include)));
            }
        }
        return m;
    }

    /** Runs an SPF action and returns the panel's model with its outcome. */
    Map<String, Object> act(RelayTarget t, RelayView view, String action, String customInclude) {
        if ("include".equals(action)) {
            return setCustomInclude(t, view, customInclude);
        }
        if ("remove".equals(action)) {
            return removeInclude(t, view, customInclude);
        }
        Map<String, Object> m = base(t, view);
        String include = (String) m.get("include");
        if (include.isEmpty() || !(Boolean) m.get("active")) {
            // no relay in force here: nothing to publish (the buttons are not offered either)
            m.put("error", rt.text("smarthost.spf.noInclude"));
            return m;
        }
        List<ApplyOutcome> outcomes = new ArrayList<>();
        if ("template".equals(action) && t.admin()) {
            outcomes.add(rt.spf().applyTemplate(include));
        } else if ("apply".equals(action) && t.server()) {
            outcomes.addAll(rt.spf().applyAll(serverDomainsWithZone(), include));
        } else if ("apply".equals(action)) {
            outcomes.add(rt.spf().apply(t.domain().get(), include));
        }
        m.put("outcomes", outcomes.stream().map(this::outcome).toList());
        m.putAll(zone(t, include));
        return m;
    }

    /**
     * The notice offering to take {@code was} (the include of the relay active before a save) out of the
     * SPF record, when the relay now in force no longer needs it and a record may still hold it; an empty
     * map when there is nothing to offer.
     */
    Map<String, Object> removalNotice(RelayTarget t, Optional<String> was, RelayView after) {
        if (was.isEmpty() || was.equals(SpfIncludes.needed(rt.host(), after))) {
            return Map.of();
        }
        String include = was.get();
        Map<String, Object> m = new HashMap<>();
        m.put("include", include);
        if (t.server()) {
            List<String> domains = domainsWithInclude(include);
            boolean template = templateHas(include);
            if (domains.isEmpty() && !template) {
                return Map.of();
            }
            m.put("text", domains.isEmpty() ? rt.text("smarthost.spf.remove.askTemplate", include)
                    : rt.text("smarthost.spf.remove.ask", names(domains), include)
                    + (template ? " " + rt.text("smarthost.spf.remove.templateToo") : ""));
            return m;
        }
        String d = t.domain().get();
        boolean served = rt.host().dns().servesZone(d);
        if (served && ZoneSpf.state(rt.host().dns(), d, include) != ZoneSpf.State.OK) {
            return Map.of();
        }
        m.put("text", rt.text(served ? "smarthost.spf.remove.ask" : "smarthost.spf.remove.askLive", d, include));
        return m;
    }

    /**
     * The removal notice whenever a zone of this page still holds the include of a known relay service that
     * no relay in force here needs, not only right after the save that made it stale: on a domain page its
     * zone, on the server page the zone template and the first domains following the server-wide relay (the
     * button then takes it out of every such zone). Empty when there is none.
     */
    Map<String, Object> standingRemoval(RelayTarget t, RelayView view) {
        Optional<String> needed = SpfIncludes.needed(rt.host(), view);
        for (Provider p : io.smarthost.core.provider.ProviderCatalog.builtIn().all()) {
            if (p.spfInclude() == null || p.spfInclude().isBlank()) {
                continue;
            }
            String include = SpfInclude.normalize(p.spfInclude());
            if (needed.equals(Optional.of(include))) {
                continue;
            }
            boolean held = t.server() ? templateHas(include) || sampleHas(include)
                    : rt.host().dns().servesZone(t.domain().get())
                    && ZoneSpf.state(rt.host().dns(), t.domain().get(), include) == ZoneSpf.State.OK;
            if (held) {
                Map<String, Object> notice = removalNotice(t, Optional.of(include), view);
                if (!notice.isEmpty()) {
                    return notice;
                }
            }
        }
        return Map.of();
    }

    /** Whether one of the first domains following the server-wide relay holds {@code include} in its zone. */
    private boolean sampleHas(String include) {
        for (Domain d : rt.host().domains().list("", 0, SERVER_SAMPLE * 3).items()) {
            if (rt.host().dns().servesZone(d.name()) && rt.service().domain(d.name()).effectiveLevel() != RelayLevel.DOMAIN
                    && ZoneSpf.state(rt.host().dns(), d.name(), include) == ZoneSpf.State.OK) {
                return true;
            }
        }
        return false;
    }

    /** Takes {@code value} out of the SPF record(s) the relay of this page no longer needs. */
    private Map<String, Object> removeInclude(RelayTarget t, RelayView view, String value) {
        Map<String, Object> m = base(t, view);
        String include;
        try {
            include = SpfInclude.normalize(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            m.put("error", rt.text("smarthost.spf.badInclude"));
            return m;
        }
        if (Optional.of(include).equals(SpfIncludes.needed(rt.host(), view))) {
            m.put("error", rt.text("smarthost.spf.remove.stillNeeded", include));
            return m;
        }
        List<ApplyOutcome> outcomes = new ArrayList<>();
        if (t.server()) {
            outcomes.addAll(rt.spf().removeIncludeAll(domainsWithInclude(include), include));
            outcomes.add(rt.spf().removeIncludeFromTemplate(include));
        } else {
            outcomes.add(rt.spf().removeInclude(t.domain().get(), include));
        }
        m.put("outcomes", outcomes.stream().map(this::outcome).toList());
        m.put("removedInclude", include);
        if (!((String) m.get("include")).isEmpty()) {
            m.putAll(zone(t, (String) m.get("include")));
        }
        return m;
    }

    /** "a.example, b.example and 3 more" */
    private String names(List<String> domains) {
        String shown = String.join(", ", domains.subList(0, Math.min(NOTICE_NAMES, domains.size())));
        int more = domains.size() - NOTICE_NAMES;
        return more > 0 ? shown + " " + rt.plural("smarthost.spf.remove.more", more) : shown;
    }

    /**
     * The domains that followed the server-wide relay (no active relay of their own) whose zone in this
     * panel still holds {@code include}. A domain on a relay of its own keeps its record as it is.
     */
    private List<String> domainsWithInclude(String include) {
        List<String> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            PageResult<Domain> page = rt.host().domains().list("", offset, 500);
            for (Domain d : page.items()) {
                if (rt.host().dns().servesZone(d.name())
                        && rt.service().domain(d.name()).effectiveLevel() != RelayLevel.DOMAIN
                        && ZoneSpf.state(rt.host().dns(), d.name(), include) == ZoneSpf.State.OK) {
                    out.add(d.name());
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return out;
            }
        }
    }

    private boolean templateHas(String include) {
        return rt.host().dns().template().stream()
                .filter(r -> r.type().equalsIgnoreCase("TXT") && r.name().strip().equalsIgnoreCase(SpfService.TEMPLATE_APEX))
                .map(r -> TxtStrings.text(r.value())).filter(io.smarthost.core.spf.SpfRecord::isSpf)
                .anyMatch(r -> io.smarthost.core.spf.SpfRecord.parse(r).includes(include));
    }

    private Map<String, Object> setCustomInclude(RelayTarget t, RelayView view, String value) {
        if (!t.admin() && view.effectiveLevel() != RelayLevel.DOMAIN) {
            // a customer's domain following the server-wide relay: its include is the admin's to set
            throw new jakarta.ws.rs.NotFoundException();
        }
        try {
            SpfIncludes.setCustom(rt.host(), keyScope(t, view), value);
            Map<String, Object> m = base(t, view);
            m.put("includeSaved", true);
            return m;
        } catch (IllegalArgumentException e) {
            Map<String, Object> m = base(t, view);
            m.put("includeError", rt.text("smarthost.spf.badInclude"));
            m.put("customInclude", value);
            return m;
        }
    }

    private Map<String, Object> base(RelayTarget t, RelayView view) {
        Map<String, Object> m = new HashMap<>();
        Optional<RelaySettings> relay = view.effective();
        Optional<Provider> preset = relay.flatMap(SpfPanel::preset);
        Optional<String> custom = SpfIncludes.custom(rt.host(), keyScope(t, view));
        String include = custom.or(() -> preset.map(p -> SpfInclude.normalize(p.spfInclude()))).orElse("");
        m.put("active", relay.isPresent());
        m.put("include", include);
        m.put("includeSource", custom.isPresent() ? "custom" : preset.isPresent() ? "provider" : "none");
        m.put("providerName", preset.map(rt.catalogTexts()::providerName).orElse(""));
        m.put("customInclude", custom.orElse(""));
        m.put("includeEditable", t.admin() || view.effectiveLevel() == RelayLevel.DOMAIN);
        m.put("includeSaved", false);
        m.put("includeError", "");
        m.put("error", "");
        m.put("outcomes", List.of());
        m.put("removal", Map.of());
        m.put("removedInclude", "");
        m.put("statuses", List.of());
        m.put("live", Map.of());
        m.put("zoneServed", false);
        m.put("zoneState", "");
        m.put("zoneRecords", List.of());
        m.put("templateRecord", "");
        if (!include.isEmpty()) {
            m.putAll(zone(t, include));
        }
        return m;
    }

    private Map<String, Object> zone(RelayTarget t, String include) {
        Map<String, Object> m = new HashMap<>();
        if (t.server()) {
            String template = rt.host().dns().template().stream()
                    .filter(r -> r.type().equalsIgnoreCase("TXT") && r.name().strip().equalsIgnoreCase(SpfService.TEMPLATE_APEX))
                    .map(r -> TxtStrings.text(r.value())).filter(io.smarthost.core.spf.SpfRecord::isSpf)
                    .findFirst().orElse("");
            m.put("templateRecord", template);
            m.put("templateOk", !template.isEmpty() && io.smarthost.core.spf.SpfRecord.parse(template).includes(include));
        } else {
            String d = t.domain().get();
            m.put("zoneServed", rt.host().dns().servesZone(d));
            m.put("zoneState", ZoneSpf.state(rt.host().dns(), d, include).name());
            m.put("zoneRecords", ZoneSpf.records(rt.host().dns(), d));
        }
        return m;
    }

    /** Live status of the first domains that follow the server-wide relay. */
    private List<Map<String, Object>> serverStatuses(String include) {
        List<String> names = new ArrayList<>();
        PageResult<Domain> page = rt.host().domains().list("", 0, SERVER_SAMPLE * 3);
        for (Domain d : page.items()) {
            if (names.size() < SERVER_SAMPLE && rt.service().domain(d.name()).effectiveLevel() == RelayLevel.SERVER) {
                names.add(d.name());
            }
        }
        return rt.spf().statuses(names, include).stream().map(this::status).toList();
    }

    /** Every domain following the server-wide relay whose zone this panel serves, read page by page. */
    private List<String> serverDomainsWithZone() {
        List<String> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            PageResult<Domain> page = rt.host().domains().list("", offset, 500);
            for (Domain d : page.items()) {
                if (rt.host().dns().servesZone(d.name())
                        && rt.service().domain(d.name()).effectiveLevel() == RelayLevel.SERVER) {
                    out.add(d.name());
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return out;
            }
        }
    }

    private Map<String, Object> status(SpfStatus s) {
        SpfText text = SpfText.forLocale(rt.locale());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", s.domain());
        m.put("state", s.state().name());
        m.put("stateText", text.state(s.state()));
        m.put("zoneState", s.zoneState().map(text::state).orElse(""));
        m.put("published", s.published().spfRecords());
        m.put("record", s.recordToPublish().orElse(""));
        m.put("action", s.action().name());
        m.put("actionText", text.action(s.action()));
        m.put("problems", s.problems().stream().map(text::problem).toList());
        return m;
    }

    private Map<String, Object> outcome(ApplyOutcome o) {
        SpfText text = SpfText.forLocale(rt.locale());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", o.target().equals(SpfService.TEMPLATE_TARGET) ? rt.text("smarthost.spf.template") : o.target());
        m.put("result", o.result().name());
        m.put("resultText", text.result(o.result()));
        m.put("before", o.before().orElse(""));
        m.put("after", o.after().orElse(""));
        // a record to publish by hand that is empty: the whole record goes (only the include was left)
        m.put("deleteRecord", o.result() == ApplyOutcome.Result.PUBLISH_BY_HAND && o.after().isEmpty());
        m.put("problems", o.problems().stream().map(text::problem).toList());
        m.put("reason", o.reason());
        return m;
    }

    /** The scope whose custom include applies: the level that decides where the mail goes. */
    private static String keyScope(RelayTarget t, RelayView view) {
        return t.server() || view.effectiveLevel() == RelayLevel.SERVER ? Scope.SERVER.toString() : t.domain().get();
    }

    static Optional<Provider> preset(RelaySettings s) {
        return SpfIncludes.preset(s);
    }

    /** The include a row of the list needs (preset or custom), without reading anything else. */
    static String includeFor(PageRuntime rt, String scopeKey, RelaySettings s) {
        return includeFor(SpfIncludes.custom(rt.host(), scopeKey), s);
    }

    /** {@link #includeFor(PageRuntime, String, RelaySettings)} with the scope's custom include already read. */
    static String includeFor(Optional<String> custom, RelaySettings s) {
        return custom.or(() -> preset(s).map(p -> SpfInclude.normalize(p.spfInclude()))).orElse("");
    }
}
