package io.smarthost.ui.web;

import io.smarthost.core.service.DomainRelayRow;
import io.smarthost.core.service.ListOrder;
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
import java.net.IDN;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code GET /plugins/smarthost/list} (admin): Mail &gt; Smarthosts, every domain with relay settings
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
        return rt.gate().domainLevel();
    }

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
        long total = rt.service().list(filter, 0, 1).total();
        int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        int current = Math.min(wanted, pages);
        int offset = (current - 1) * pageSize;
        List<DomainRelayRow> rows = total == 0 ? List.of()
                : rt.service().list(filter, order, desc, offset, pageSize).items();
        Map<String, Object> model = new HashMap<>();
        CatalogTexts texts = rt.catalogTexts();
        model.put("rows", rows.stream().map(r -> row(r, texts)).toList());
        model.put("q", filter);
        model.put("dir", desc ? "desc" : "asc");
        model.put("sort", order.id());
        model.put("page", current);
        model.put("pages", pages);
        model.put("size", pageSize);
        model.put("sizes", List.of(25, 50, 100));
        model.put("total", total);
        long all = rt.service().domainCount();
        model.put("all", all);
        model.put("serverLevel", rt.gate().serverLevel());
        model.putAll(firstDomain(all));
        model.put("count", filter.isEmpty() ? rt.plural("smarthost.list.count", all)
                : rt.plural("smarthost.list.matching", total, all));
        return new View("list.ftlh", "smarthost.list.title", model);
    }

    private Map<String, Object> row(DomainRelayRow r, CatalogTexts texts) {
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
        String include = s.active() ? SpfPanel.includeFor(rt, r.domain(), s) : "";
        m.put("spf", s.active() ? ZoneSpf.state(rt.host().dns(), r.domain(), include).name() : "");
        m.put("delivery", DeliveryCard.listCells(rt, r.domain()));
        return m;
    }

    /** For the empty list: a domain whose page the admin can open to give it a relay of its own. */
    private Map<String, Object> firstDomain(long withSettings) {
        Map<String, Object> m = new HashMap<>();
        Optional<String> first = withSettings > 0 ? Optional.empty()
                : rt.host().domains().list("", 0, 1).items().stream().map(Domain::name).findFirst();
        m.put("firstDomain", first.orElse(""));
        m.put("firstDomainDisplay", first.map(IDN::toUnicode).orElse(""));
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
