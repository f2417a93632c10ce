package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.extensions.ControlClient;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the host and of the sample plugin, called by an anonymous visitor, customer A (owns
 * a.example), customer B (owns b.example) and the admin, against the expected status. Pages use
 * sessions (CSRF token included in posts), the API uses X-API-Key. The extension actions name a plugin
 * that is not installed: an admin reaches the action and gets its refusal (409), everybody else is
 * stopped before it. {@code /logout} comes last: it ends the session the earlier rows used.
 */
class AuthorizationMatrixTest {

    @TempDir
    static Path temp;
    static TestPanel panel;
    static final AtomicInteger COUNTER = new AtomicInteger();

    enum Who { ANONYMOUS, CUSTOMER_A, CUSTOMER_B, ADMIN }

    /** expected statuses in the order anonymous, A, B, admin. */
    record Route(String method, String path, int anonymous, int a, int b, int admin) {
        int expected(Who who) {
            return switch (who) {
                case ANONYMOUS -> anonymous;
                case CUSTOMER_A -> a;
                case CUSTOMER_B -> b;
                case ADMIN -> admin;
            };
        }
    }

    static final List<Route> PAGES = List.of(
            new Route("GET", "/", 303, 200, 200, 200),
            new Route("GET", "/domains", 303, 200, 200, 200),
            new Route("GET", "/domains/a.example", 303, 200, 404, 200),
            new Route("GET", "/domains/a-alias.example", 303, 200, 404, 200),
            new Route("GET", "/domains/unknown.example", 303, 404, 404, 404),
            new Route("GET", "/tools", 303, 404, 404, 200),
            new Route("POST", "/domains", 303, 404, 404, 303),
            new Route("POST", "/domains/b.example/delete", 303, 404, 404, -1),
            new Route("POST", "/tools/restricted-mode", 303, 404, 404, 303),
            new Route("GET", "/login", 200, 303, 303, 303),
            new Route("GET", "/static/panel.css", 200, 200, 200, 200),
            new Route("GET", "/plugins/sample/hello", 303, 200, 200, 200),
            new Route("GET", "/plugins/sample/admin", 303, 404, 404, 200),
            new Route("GET", "/plugins/sample/domains/a.example", 303, 200, 404, 200),
            new Route("GET", "/plugins/sample/domains/unknown.example", 303, 404, 404, 404),
            new Route("POST", "/plugins/sample/note", 303, 404, 404, 303),
            new Route("GET", "/plugins/sample/greeting", 303, 200, 200, 200),
            new Route("POST", "/plugins/sample/greeting", 303, 303, 303, 303),
            new Route("GET", "/plugins/sample/nothing-here", 404, 404, 404, 404),
            new Route("GET", "/plugins/unknown/hello", 404, 404, 404, 404),
            new Route("GET", "/tools/extensions", 303, 404, 404, 200),
            new Route("POST", "/tools/extensions/install", 303, 404, 404, 409),
            new Route("POST", "/tools/extensions/update", 303, 404, 404, 409),
            new Route("POST", "/tools/extensions/enable", 303, 404, 404, 409),
            new Route("POST", "/tools/extensions/disable", 303, 404, 404, 409),
            new Route("POST", "/tools/extensions/uninstall", 303, 404, 404, 409),
            new Route("POST", "/tools/extensions/no-such-action", 303, 404, 404, 404),
            // public (the login page has the switch too): everyone, CSRF token included, is sent on
            new Route("POST", "/lang", 303, 303, 303, 303),
            new Route("POST", "/logout", 303, 303, 303, 303));

    static final List<Route> API = List.of(
            new Route("GET", "/api/v2/server", 401, 404, 404, 200),
            new Route("GET", "/api/v2/domains", 401, 200, 200, 200),
            new Route("GET", "/api/v2/domains/a.example", 401, 200, 404, 200),
            new Route("GET", "/api/v2/plugins/sample/status", 401, 200, 200, 200),
            new Route("GET", "/api/v2/plugins/sample/domains/a.example", 401, 200, 404, 200),
            new Route("GET", "/api/v2/plugins/sample/domains/b.example", 401, 404, 200, 200),
            new Route("POST", "/api/v2/plugins/sample/echo", 401, 404, 404, 200),
            new Route("POST", "/api/v2/plugins/sample/greeting", 401, 200, 200, 200),
            // the host-private control API: without the X-Panel-Control-Token it does not exist, for anyone
            new Route("POST", "/api/v2/internal/extension", 404, 404, 404, 404));

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("build"))).start();
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("a.example", "alice", "a-alias.example");
        panel.createDomain("b.example", "bob");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static PanelClient session(Who who) {
        return switch (who) {
            case ANONYMOUS -> {
                PanelClient c = panel.anonymous();
                c.get("/login");
                yield c;
            }
            case CUSTOMER_A -> panel.login("alice");
            case CUSTOMER_B -> panel.login("bob");
            case ADMIN -> panel.login("admin");
        };
    }

    private static PanelClient apiClient(Who who) {
        return switch (who) {
            case ANONYMOUS -> panel.anonymous();
            case CUSTOMER_A -> panel.api(panel.apiKey("alice"));
            case CUSTOMER_B -> panel.api(panel.apiKey("bob"));
            case ADMIN -> panel.api(panel.apiKey("admin"));
        };
    }

    private static HttpReply call(PanelClient client, Route route, boolean api) {
        if (route.method().equals("GET")) {
            return client.get(route.path());
        }
        if (api) {
            return client.json("POST", route.path(), route.path().equals(ControlClient.PATH)
                    ? "{\"args\":[\"--list\"]}" : "{\"text\":\"hi\"}");
        }
        Map<String, String> form;
        if (route.path().equals("/domains")) {
            form = Map.of("name", "new" + COUNTER.incrementAndGet() + ".example", "owner", "alice");
        } else if (route.path().startsWith("/tools/extensions/")) {
            form = Map.of("id", "no-such-plugin");
        } else if (route.path().equals("/lang")) {
            form = Map.of("lang", "en", "next", "/login");
        } else {
            form = Map.of("note", "x", "enabled", "false");
        }
        return client.post(route.path(), form);
    }

    @Test
    void everyRouteAnswersEachCallerAsExpected() {
        List<String> wrong = new ArrayList<>();
        for (Who who : Who.values()) {
            PanelClient web = session(who);
            for (Route route : PAGES) {
                if (route.expected(who) < 0) {
                    continue;
                }
                HttpReply reply = call(web, route, false);
                if (reply.status() != route.expected(who)) {
                    wrong.add(who + " " + route.method() + " " + route.path() + ": expected " + route.expected(who) + ", got " + reply);
                }
                if (who == Who.ANONYMOUS && reply.status() == 303 && !reply.location().orElse("").startsWith("/login")) {
                    wrong.add("anonymous " + route.path() + " redirected to " + reply.location().orElse("?") + ", not /login");
                }
                if (route.path().equals("/logout") && who != Who.ANONYMOUS && web.get("/domains").status() != 303) {
                    wrong.add(who + " still logged in after /logout");
                }
            }
            PanelClient api = apiClient(who);
            for (Route route : API) {
                HttpReply reply = call(api, route, true);
                if (reply.status() != route.expected(who)) {
                    wrong.add(who + " " + route.method() + " " + route.path() + " (API key): expected " + route.expected(who) + ", got " + reply);
                }
                if (reply.status() >= 400 && !reply.body().startsWith("{\"errors\":[")) {
                    wrong.add(who + " " + route.path() + ": API error not in the JSON errors form: " + reply.body());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * The control API answers only the host token of {@code control.properties} (what a {@code panel bin}
     * process of the same home presents): a session, an API key of any role or a wrong token all get
     * the same 404, and a session's post still needs its CSRF header like any other.
     */
    @Test
    void theInternalControlApiAnswersOnlyTheHostToken() throws Exception {
        String body = "{\"args\":[\"--list\"]}";
        for (Who who : Who.values()) {
            HttpReply viaSession = session(who).json("POST", ControlClient.PATH, body);
            assertEquals(404, viaSession.status(), who + " with a session: " + viaSession);
            if (who != Who.ANONYMOUS) {
                HttpReply noCsrf = session(who).json("POST", ControlClient.PATH, body, false);
                assertEquals(403, noCsrf.status(), who + " with a session but no CSRF header: " + noCsrf);
            }
        }
        assertEquals(404, control("wrong-token", body).statusCode());
        assertEquals(404, control(null, body).statusCode());
        String token = panel.panel().control().orElseThrow(() -> new AssertionError("a serving panel has a control token")).token();
        java.net.http.HttpResponse<String> ok = control(token, body);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"exitCode\":0") && ok.body().contains("sample"), ok.body());
    }

    private static java.net.http.HttpResponse<String> control(String token, String json) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(panel.baseUrl() + ControlClient.PATH))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header(ControlClient.TOKEN_HEADER, token);
        }
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void methodAccessKeepsTheClassDomainParam() {
        String path = "/api/v2/plugins/sample/owned/a.example/name";
        HttpReply owner = panel.api(panel.apiKey("alice")).get(path);
        assertEquals(200, owner.status(), owner.body());
        assertTrue(owner.body().contains("\"text\":\"a.example\""), "the domain was checked and published: " + owner.body());
        assertEquals(404, panel.api(panel.apiKey("bob")).get(path).status(), "bob does not own a.example");
        assertEquals(404, panel.api(panel.apiKey("alice")).get("/api/v2/plugins/sample/owned/unknown.example/name").status());
    }

    @Test
    void loginWithAnUnparsableNextStillRedirectsHome() {
        for (String next : List.of("/domains x", "/a\tb", "/%zz", "/ok?q=<x>")) {
            PanelClient c = panel.anonymous();
            c.get("/login");
            HttpReply reply = c.post("/login", Map.of("username", "admin", "password", TestPanel.ADMIN_PASSWORD, "next", next));
            assertEquals(303, reply.status(), next + ": " + reply);
            assertEquals("/", reply.location().orElse(""), next);
        }
        PanelClient c = panel.anonymous();
        c.get("/login");
        HttpReply plain = c.post("/login", Map.of("username", "admin", "password", TestPanel.ADMIN_PASSWORD, "next", "/domains?filter=a"));
        assertEquals("/domains?filter=a", plain.location().orElse(""), "a plain local path is kept");
    }

    @Test
    void aWrongApiKeyIsRefusedWith401() {
        HttpReply reply = panel.api("pk_not-a-real-key").get("/api/v2/domains");
        assertEquals(401, reply.status());
        assertTrue(reply.body().contains("\"field\":null"), reply.body());
    }

    @Test
    void customersSeeOnlyTheirOwnDomainsInLists() {
        String aliceList = panel.login("alice").get("/domains").body();
        assertTrue(aliceList.contains("a.example") && !aliceList.contains("b.example"));
        HttpReply api = panel.api(panel.apiKey("bob")).get("/api/v2/domains");
        assertTrue(api.body().contains("b.example") && !api.body().contains("a.example"), api.body());
    }

    @Test
    void stateChangesWithoutTheSessionsCsrfTokenAreRefused() {
        PanelClient admin = panel.login("admin");
        assertEquals(403, admin.postRaw("/plugins/sample/note", Map.of("note", "no token")).status());
        assertEquals(403, admin.postRaw("/plugins/sample/note", Map.of("note", "bad", "_csrf", "forged")).status());
        assertEquals(403, admin.postRaw("/tools/restricted-mode", Map.of("enabled", "true")).status());
        assertFalse(panel.panel().settings().restrictedMode());
        assertEquals(403, admin.postRaw("/tools/extensions/disable", Map.of("id", "sample")).status());
        assertEquals(403, admin.postRaw("/lang", Map.of("lang", "fr", "next", "/")).status());
        assertEquals(403, admin.postRaw("/logout", Map.of()).status());
        assertEquals(200, admin.get("/tools/extensions").status(), "a refused logout leaves the session open");
        assertEquals(200, admin.get("/plugins/sample/hello").status(), "a refused disable leaves the plugin running");
        // JSON with a session: the X-CSRF-Token header is needed; with an API key it is not
        PanelClient withoutHeader = panel.login("admin");
        HttpReply refused = withoutHeader.json("POST", "/api/v2/plugins/sample/echo", "{\"text\":\"x\"}", false);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("\"field\":\"_csrf\""), refused.body());
        assertEquals(200, panel.login("admin").json("POST", "/api/v2/plugins/sample/echo", "{\"text\":\"t\"}").status());
        assertEquals(200, panel.api(panel.apiKey("admin")).json("POST", "/api/v2/plugins/sample/echo", "{\"text\":\"t\"}").status());
        // the login form itself is protected: a post without the form's token is refused
        PanelClient anon = panel.anonymous();
        anon.get("/login");
        assertEquals(403, anon.postRaw("/login", Map.of("username", "admin", "password", TestPanel.ADMIN_PASSWORD)).status());
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLax() {
        HttpReply login = panel.anonymous().get("/login");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void sessionCookieLastsTheBrowserSessionAndIsSecureBehindHttps() throws Exception {
        PanelClient client = panel.anonymous();
        String anonymous = client.get("/login").headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(anonymous.contains("Max-Age") || anonymous.contains("Expires"), "the cookie must not end an active session: " + anonymous);
        assertFalse(anonymous.contains("Secure"), "plain HTTP: " + anonymous);
        HttpReply login = client.post("/login", Map.of("username", "admin", "password", TestPanel.ADMIN_PASSWORD));
        String loggedIn = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(loggedIn.contains("Max-Age") || loggedIn.contains("Expires"), loggedIn);
        // a TLS proxy on this machine (our test client is on 127.0.0.1) saying the visitor used HTTPS
        java.net.http.HttpResponse<String> viaProxy = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(panel.baseUrl() + "/login"))
                        .header("X-Forwarded-Proto", "https").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String secure = viaProxy.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(secure.contains("; Secure"), secure);
    }

    @Test
    void anonymousRequestsMakeNoSessionUnlessAFormNeedsOne() {
        Sessions sessions = panel.panel().startWeb().sessions();
        int before = sessions.size();
        for (int i = 0; i < 20; i++) {
            PanelClient visitor = panel.anonymous();
            HttpReply css = visitor.get("/static/panel.css");
            assertEquals(200, css.status());
            assertTrue(css.headers().firstValue("Set-Cookie").isEmpty(), "a session cookie for a static file");
            HttpReply redirect = visitor.get("/domains");
            assertEquals(303, redirect.status());
            assertTrue(redirect.headers().firstValue("Set-Cookie").isEmpty(), "a session cookie for a redirect to /login");
        }
        assertEquals(before, sessions.size(), "sessions made for cookieless requests");
        HttpReply form = panel.anonymous().get("/login");
        assertTrue(form.headers().firstValue("Set-Cookie").orElse("").startsWith(Sessions.COOKIE + "="), "the login form's session");
        // a cookieless page post cannot carry a token we issued
        assertEquals(403, panel.anonymous().postRaw("/login", Map.of("username", "admin", "password", TestPanel.ADMIN_PASSWORD,
                "_csrf", "")).status());
    }

    @Test
    void xssPayloadsAreRenderedEscaped() {
        PanelClient admin = panel.login("admin");
        String payload = "<img src=x onerror=alert(1)>";
        assertEquals(303, admin.post("/plugins/sample/note", Map.of("note", payload)).status());
        String page = admin.get("/plugins/sample/hello").body();
        assertFalse(page.contains(payload), "raw payload in a plugin page");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"), page);
        HttpReply badDomain = admin.post("/domains", Map.of("name", "<script>alert(1)</script>.example", "owner", "alice"));
        assertEquals(400, badDomain.status());
        assertFalse(badDomain.body().contains("<script>alert(1)"), badDomain.body());
        assertTrue(badDomain.body().contains("&lt;script&gt;"), badDomain.body());
        String filtered = admin.get("/domains?filter=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").body();
        assertFalse(filtered.contains("<script>alert(1)"), "filter echoed raw");
        HttpReply api = panel.api(panel.apiKey("admin")).get("/api/v2/domains/%3Cscript%3E.example");
        assertEquals(404, api.status());
    }

    @Test
    void malformedLoginNamesGetTheGenericErrorAndNoThrottleEntry() {
        PanelClient c = panel.anonymous();
        c.get("/login");
        String huge = "x".repeat(10_000);
        for (String name : List.of(huge, "Robert'); --", "-starts-with-dash")) {
            // more than login_max_failures (5): a throttled name would be locked (429) by now
            for (int i = 0; i < 7; i++) {
                HttpReply reply = c.post("/login", Map.of("username", name, "password", "whatever"));
                assertEquals(401, reply.status(), name);
                assertTrue(reply.body().contains("Wrong username or password."), reply.body());
                assertFalse(reply.body().contains(huge), "junk echoed back");
            }
        }
    }

    @Test
    void loginIsLockedAfterRepeatedFailures() {
        panel.createCustomer("carol");
        PanelClient c = panel.anonymous();
        c.get("/login");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, c.post("/login", Map.of("username", "carol", "password", "wrong-" + i)).status());
        }
        HttpReply locked = c.post("/login", Map.of("username", "carol", "password", "password-carol"));
        assertEquals(429, locked.status());
        assertTrue(locked.body().contains("Too many failed attempts"), locked.body());
    }
}
