package io.smarthost.ui.web;

import io.smarthost.core.service.DomainRelayRow;
import io.smarthost.core.service.ListOrder;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import io.smarthost.core.service.RelayView;
import io.smarthost.ui.SpfIncludes;
import io.smarthost.ui.rest.BulkJobs;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import io.smarthost.core.relay.HostSyntax;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code GET /plugins/smarthost/list}: Mail &gt; Smarthosts. A customer sees their own domains with relay
 * settings (read one by one from the domains they own, sorted by name in memory: a customer owns few);
 * an admin every domain with relay settings
 * of its own, one page at a time. Query: {@code q} (part of the name, Unicode or ASCII), {@code sort}
 * ({@code domain}, {@code relay}, {@code encryption}, {@code user}, {@code checked}; see {@link ListOrder}),
 * {@code dir} ({@code asc}/{@code desc}), {@code page} (from 1), {@code size} (25, 50, 100).
 *
 * <p>By domain name only one page of rows is read from the store (by key order), whatever the number
 * of domains; descending order reads the mirrored page. The other orders stream the rows once and
 * keep only the page's worth ({@code SmarthostService.list(filter, order, descending, offset, limit)}). The SPF column is the state of the panel's own zone (no
 * DNS query per row); the live check is one click away on the domain's page.
 */
@Extension
@Access(Role.CUSTOMER)
public class SmarthostsListPage implements PageExtension {
    static final Set<Integer> SIZES = Set.of(25, 50, 100);
    private final PageRuntime rt;
    private final RelayPage times;

    public SmarthostsListPage(HostServices host) {
        this.rt = PageRuntime.of(host);
        this.times = new RelayPage(rt);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** The list belongs to the domain level: hidden with it (the host answers 404 before {@link #list} runs). */
    @Override
    public boolean visible(RequestContext context) {
        return rt.gate().domainLevel(context);
    }

    /** How many domains with settings the page counts when a filter is given, for the "of N" part. */
    private static final long DOMAINS_COUNTED = 10_000;

    @GET
    @Path("list")
    @Produces(MediaType.TEXT_HTML)
    public View list(@QueryParam("q") String q, @QueryParam("sort") String sort,
                     @QueryParam("dir") String dir, @QueryParam("page") String page,
                     @QueryParam("size") String size) {
        String filter = q == null ? "" : q.strip();
        boolean desc = "desc".equals(dir);
        int pageSize = parse(size, 25);
        if (!SIZES.contains(pageSize)) {
            pageSize = 25;
        }
        int wanted = Math.max(1, parse(page, 1));
        ListOrder order = ListOrder.parse(sort).orElse(ListOrder.DOMAIN);
        RequestContext request = rt.request();
        if (!request.user().isAdmin()) {
            return own(request.user().login(), filter, desc, wanted, pageSize);
        }
        // the page asked for, its total counted up to 10,000 past it (SmarthostService.totalIsExact): page 1 costs
        // the same at any size; a page past the end is read again as the last one
        int offset = (int) Math.min(Integer.MAX_VALUE - pageSize, (long) (wanted - 1) * pageSize);
        PageResult<DomainRelayRow> read = rt.service().list(filter, order, desc, offset, pageSize);
        if (read.items().isEmpty() && read.total() > 0 && offset > 0) {
            long last = (read.total() + pageSize - 1) / pageSize;
            read = rt.service().list(filter, order, desc, (int) ((last - 1) * pageSize), pageSize);
        }
        long total = read.total();
        boolean exact = SmarthostService.totalIsExact(read, order, desc);
        int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        int current = Math.min(wanted, pages);
        List<DomainRelayRow> rows = read.items();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows(rows));
        model.put("q", filter);
        model.put("dir", desc ? "desc" : "asc");
        model.put("sort", order.id());
        BulkJobs.of(rt.host()).running().ifPresent(job -> model.put("job", job(job)));
        model.put("page", current);
        model.put("pages", pages);
        model.put("size", pageSize);
        model.put("sizes", List.of(25, 50, 100));
        model.put("total", total);
        long countLimit = 1 + DOMAINS_COUNTED;
        long all = filter.isEmpty() ? total : rt.service().domainCount(countLimit);
        boolean allExact = filter.isEmpty() ? exact : all < countLimit;
        model.put("all", all);
        model.put("serverLevel", rt.gate().serverLevel());
        model.putAll(firstDomain(all));
        model.put("count", filter.isEmpty()
                ? (exact ? rt.plural("smarthost.list.count", all) : rt.text("smarthost.list.countMore", rt.count(total - 1)))
                : !exact ? rt.text("smarthost.list.matchingMore", rt.count(total - 1))
                : allExact ? rt.plural("smarthost.list.matching", total, rt.count(all))
                : rt.text("smarthost.list.matchingOfMore", rt.count(total), rt.count(all - 1)));
        model.put("pageInfo", exact ? rt.text("smarthost.list.page", current, pages)
                : rt.text("smarthost.list.pageMore", current, pages - 1));
        model.put("admin", true);
        return new View("list.ftlh", "smarthost.list.title", model);
    }

    /** A customer's list: the domains they own that have relay settings of their own, by name. */
    private View own(String login, String filter, boolean desc, int wanted, int pageSize) {
        String needle = filter.toLowerCase(Locale.ROOT);
        List<DomainRelayRow> mine = new ArrayList<>();
        for (Domain d : rt.host().domains().ownedBy(login)) {
            RelayView view = rt.service().domain(d.name());
            view.settings().ifPresent(s -> mine.add(new DomainRelayRow(d.name(), view.domainDisplay(), s, view.lastCheck())));
        }
        long all = mine.size();
        List<DomainRelayRow> matching = new ArrayList<>(mine.stream().filter(r -> needle.isEmpty()
                || r.domain().contains(needle) || r.domainDisplay().toLowerCase(Locale.ROOT).contains(needle)).toList());
        matching.sort(Comparator.comparing(DomainRelayRow::domain));
        if (desc) {
            Collections.reverse(matching);
        }
        int pages = (int) Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        int current = Math.min(wanted, pages);
        int from = Math.min(matching.size(), (current - 1) * pageSize);
        Map<String, Object> model = new HashMap<>();
        List<DomainRelayRow> shown = matching.subList(from, Math.min(matching.size(), from + pageSize));
        model.put("rows", rows(shown));
        model.put("q", filter);
        model.put("dir", desc ? "desc" : "asc");
        model.put("sort", ListOrder.DOMAIN.id());
        model.put("page", current);
        model.put("pages", pages);
        model.put("size", pageSize);
        model.put("sizes", List.of(25, 50, 100));
        model.put("total", (long) matching.size());
        model.put("all", all);
        model.put("serverLevel", false);
        List<Domain> owned = all > 0 ? List.of() : rt.host().domains().ownedBy(login);
        model.put("firstDomain", owned.isEmpty() ? "" : owned.get(0).name());
        model.put("firstDomainDisplay", owned.isEmpty() ? "" : HostSyntax.toUnicode(owned.get(0).name()));
        model.put("count", filter.isEmpty() ? rt.plural("smarthost.list.countOwn", all)
                : rt.plural("smarthost.list.matching", matching.size(), all));
        model.put("pageInfo", rt.text("smarthost.list.page", current, pages));
        model.put("admin", false);
        return new View("list.ftlh", "smarthost.list.title", model);
    }

    /** The page's rows for the template: their SPF states and delivery figures read once for all of them. */
    private List<Map<String, Object>> rows(List<DomainRelayRow> rows) {
        CatalogTexts texts = rt.catalogTexts();
        Map<String, ZoneSpf.State> spf = spfStates(rows);
        Map<String, io.smarthost.core.delivery.ScopeStats> delivery = DeliveryCard.listStats(rt,
                rows.stream().map(DomainRelayRow::domain).toList());
        return rows.stream().map(r -> row(r, texts, spf, delivery)).toList();
    }

    /** The SPF state of the page's active rows: their custom includes in one read, their zones in one query. */
    private Map<String, ZoneSpf.State> spfStates(List<DomainRelayRow> rows) {
        List<String> active = rows.stream().filter(r -> r.settings().active()).map(DomainRelayRow::domain).toList();
        Map<String, String> customs = active.isEmpty() ? Map.of() : SpfIncludes.customs(rt.host(), active);
        Map<String, String> includes = new LinkedHashMap<>();
        for (DomainRelayRow r : rows) {
            if (r.settings().active()) {
                includes.put(r.domain(), SpfPanel.includeFor(Optional.ofNullable(customs.get(r.domain())), r.settings()));
            }
        }
        return ZoneSpf.states(rt.host().dns(), includes);
    }

    /** A running bulk change (REST, 202): its phase and how far it is, drawn by the page (reload to follow it). */
    private Map<String, Object> job(BulkJobs.Running job) {
        Map<String, Object> m = new HashMap<>();
        String phase = switch (job.phase()) {
            case "check" -> "check";
            case "store" -> "store";
            case "apply" -> "apply";
            default -> "queued";
        };
        m.put("text", rt.text("smarthost.list.job." + phase, job.done(), job.total()));
        m.put("done", job.done());
        m.put("total", Math.max(1, job.total()));
        m.put("percent", job.total() <= 0 ? 0 : job.done() * 100 / job.total());
        return m;
    }

    private Map<String, Object> row(DomainRelayRow r, CatalogTexts texts, Map<String, ZoneSpf.State> spf,
                                    Map<String, io.smarthost.core.delivery.ScopeStats> delivery) {
        RelaySettings s = r.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", r.domainDisplay());
        m.put("url", "/plugins/smarthost/domains/" + URLEncoder.encode(r.domain(), StandardCharsets.UTF_8));
        m.put("active", s.active());
        m.put("relay", s.relayDisplay());
        m.put("encryption", s.encryption().id());
        m.put("verify", s.verifyCertificate());
        m.put("user", s.authentication() ? s.username() : "");
        m.put("provider", SpfPanel.preset(s).map(texts::providerName).orElse(""));
        m.put("checked", r.lastCheck().isPresent());
        m.put("checkOk", r.lastCheck().map(c -> c.ok()).orElse(false));
        m.put("checkTime", r.lastCheck().map(c -> times.time(c.time())).orElse(""));
        m.put("checkSummary", r.lastCheck().map(c -> c.summary(rt.locale())).orElse(""));
        m.put("spf", s.active() ? spf.getOrDefault(r.domain(), ZoneSpf.State.NO_INCLUDE).name() : "");
        m.put("delivery", DeliveryCard.listCells(rt, r.domain(), Optional.ofNullable(delivery.get(r.domain()))));
        return m;
    }

    /** For the empty list: a domain whose page the admin can open to give it a relay of its own. */
    private Map<String, Object> firstDomain(long withSettings) {
        Map<String, Object> m = new HashMap<>();
        Optional<String> first = withSettings > 0 ? Optional.empty()
                : rt.host().domains().list("", 0, 1).items().stream().map(Domain::name).findFirst();
        m.put("firstDomain", first.orElse(""));
        m.put("firstDomainDisplay", first.map(HostSyntax::toUnicode).orElse(""));
        return m;
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
