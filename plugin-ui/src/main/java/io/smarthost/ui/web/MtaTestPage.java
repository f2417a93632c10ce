package io.smarthost.ui.web;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.MtaTests;
import io.smarthost.panel.api.View;
import io.smarthost.ui.delivery.MtaTestJson;
import io.smarthost.ui.delivery.MtaTestStart;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * "Send through the mail server" on the server and domain pages ({@code templates/mta-test.ftlh}): the form posts
 * to {@code …/mta-test}, which starts the test and answers 303 to {@code …/mta-test/{id}}, a page that shows the
 * live state (queued with its queue id, then the relay's reply or the deferral with its advice). Without
 * JavaScript the page reloads itself every two seconds until the state is final ({@code noscript} refresh);
 * with it, {@code mta-test.js} fetches the page every second and replaces the result in place. The form
 * works without JavaScript; the host checks the role, the domain's owner and the CSRF token.
 */
final class MtaTestPage {
    static final String TEMPLATE = "mta-test.ftlh";

    private final PageRuntime rt;

    MtaTestPage(PageRuntime rt) {
        this.rt = rt;
    }

    /** Starts a test: 303 to its page (or to the one still running for this scope), or the form again with what is wrong (400, 429). */
    Response start(RelayTarget t, String titleKey, String from, String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        MtaTests tests = DeliveryRuntime.mtaTests(rt.host());
        String formError = "";
        int status = 400;
        try {
            MtaTestStart start = t.domain().map(d -> MtaTestStart.forDomain(rt.host(), d, from, to))
                    .orElseGet(() -> MtaTestStart.forServer(from, to));
            MtaTests.Snapshot s = start.run(tests);
            rt.host().actionLog().record("smarthost.mtaTest.started", t.domain().orElse("server"),
                    Map.of("to", s.to(), "from", s.from()));
            return Response.seeOther(URI.create(t.pageUrl() + "/mta-test/" + s.id())).build();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            String field = m.startsWith("from:") ? "from" : "to";
            boolean missing = field.equals("to") ? to == null || to.isBlank() : from == null || from.isBlank();
            errors.put(field, rt.text(missing ? "smarthost.test." + field + "Missing"
                    : field.equals("from") && t.domain().isPresent() && m.contains("must be an address of")
                    ? "smarthost.mtaTest.fromNotOwn" : "smarthost.test.badAddress", t.domain().orElse("")));
            formError = rt.plural("smarthost.form.fixTest", errors.size());
        } catch (MtaTests.Refused e) {
            if (e.reason.equals("busy")) {
                // one runs already for this server or domain: its page (the form there can start the next one)
                return Response.seeOther(URI.create(t.pageUrl() + "/mta-test/" + e.runningId)).build();
            }
            formError = rt.text("smarthost.mtaTest.refused." + e.reason);
            status = switch (e.reason) {
                case "busy" -> 409;
                case "full" -> 429;
                default -> 501;
            };
        }
        Map<String, Object> m = model(t, from, to);
        m.put("errors", errors);
        m.put("formError", formError);
        return Response.status(status).entity(new View(TEMPLATE, titleKey, m, status)).build();
    }

    /** The test's page: its state now (404 when unknown, expired or another scope's). */
    View show(RelayTarget t, String titleKey, String id) {
        String scope = t.domain().map(d -> "@" + d).orElse("server");
        MtaTests.Snapshot s = DeliveryRuntime.mtaTests(rt.host()).get(id).filter(x -> x.scope().equals(scope))
                .orElseThrow(NotFoundException::new);
        String senderDomain = s.from().substring(s.from().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        MtaTestJson j = MtaTestJson.of(s, rt.service().effectiveFor(senderDomain), t.admin(), rt.host().messages(),
                rt.locale(), Instant.now());
        Map<String, Object> m = model(t, s.from(), s.to());
        Map<String, Object> test = new HashMap<>();
        test.put("id", j.id());
        test.put("state", j.state());
        test.put("done", j.done());
        test.put("summary", j.summary());
        // the page's sentence names no reply or relay (they are shown as code below it, as the mail server wrote them)
        test.put("sentence", rt.text("smarthost.mtaTest.page." + j.state(), String.format(rt.locale(), "%.1f",
                j.state().equals("SENT") ? j.delaySeconds() : j.seconds()), MtaTests.WAIT.toSeconds()));
        test.put("problem", j.problem());
        test.put("from", j.from());
        test.put("to", j.to());
        test.put("queueId", j.queueId());
        test.put("relay", j.relay());
        test.put("reply", j.reply());
        test.put("meaning", j.meaning());
        test.put("advice", j.advice());
        test.put("ok", j.state().equals("SENT"));
        test.put("failed", j.done() && !j.state().equals("SENT"));
        m.put("test", test);
        return new View(TEMPLATE, titleKey, m, 200);
    }

    /** The form's values; every key is always present (the host's View refuses nulls). */
    private Map<String, Object> model(RelayTarget t, String from, String to) {
        Map<String, Object> m = new HashMap<>();
        m.put("server", t.server());
        m.put("pageUrl", t.pageUrl());
        m.put("cancelUrl", t.cancelUrl());
        m.put("domainName", t.domain().orElse(""));
        m.put("available", DeliveryRuntime.mtaTests(rt.host()).available());
        m.put("testFrom", from == null || from.isBlank() ? t.domain().map(d -> "postmaster@" + d).orElse("") : from.strip());
        m.put("testTo", to == null ? "" : to.strip());
        m.put("errors", Map.of());
        m.put("formError", "");
        m.put("test", Map.of());
        return m;
    }
}
