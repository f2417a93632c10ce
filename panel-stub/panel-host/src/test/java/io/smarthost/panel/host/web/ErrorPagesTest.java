package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error page a browser can meet (400, 403, 404, 405, 413, 415, 500, 503) in the reader's language, all of it (a
 * hostile tester: the 405 page was "Error 405 / method not allowed here" and the 413 page's link and lang English on a
 * French reader's screen), escaped, with the panel's look and name. French by the browser's Accept-Language, by the
 * visitor's choice, and by the panel's default_language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorPagesTest {

    /** English words that must not be on a French error page. */
    private static final List<String> ENGLISH = List.of("Error", "Back to the panel", "nothing was changed", " the ", "Invalid",
            "method not allowed", "Request too large", "Page not found", "Forbidden", "request", "Something went wrong");

    private TestPanel panel;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start(@TempDir Path home) {
        panel = TestPanel.builder(home).ini("[web]\nmax_body_kb = 1\n").start();
    }

    @AfterAll
    void stop() {
        panel.close();
    }

    private record Page(int status, String body) {
    }

    private Page send(String method, String path, String language, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(panel.baseUrl() + path)).header("Accept", "text/html")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (language != null) {
            b.header("Accept-Language", language);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Page(r.statusCode(), r.body());
    }

    /** The error pages a French browser meets, each by its own way there. */
    private List<Page> frenchPages(String language) throws Exception {
        List<Page> pages = new ArrayList<>();
        pages.add(send("GET", "/no/such/page", language, null, null));
        pages.add(send("PUT", "/login", language, null, null));
        pages.add(send("POST", "/login", language, "application/x-www-form-urlencoded", "username=a&password=" + "x".repeat(2_000)));
        pages.add(send("POST", "/lang", language, "application/x-www-form-urlencoded", "lang=fr&next=/"));
        return pages;
    }

    private static void assertFrench(Page page, int status, String title) {
        assertEquals(status, page.status(), page.body());
        assertTrue(page.body().contains("<html lang=\"fr\""), page.body());
        assertTrue(page.body().contains("<h1>" + title + "</h1>"), page.body());
        assertTrue(page.body().contains("Retour au panneau"), page.body());
        assertTrue(page.body().contains("class=\"brand brand-center\""), "the panel's look: " + page.body());
        // a detail the panel's code wrote in English is marked as such (screen readers read it as English)
        String shown = page.body().replaceAll("<span lang=\"en\">[^<]*</span>", "");
        for (String english : ENGLISH) {
            assertFalse(shown.contains(english), "English '" + english + "' on a French page: " + page.body());
        }
    }

    @Test
    void everyErrorPageIsFrenchForAFrenchBrowser() throws Exception {
        List<Page> pages = frenchPages("fr-FR,fr;q=0.9,en;q=0.5");
        assertFrench(pages.get(0), 404, "Page introuvable");
        assertFrench(pages.get(1), 405, "Impossible ici");
        assertFrench(pages.get(2), 413, "Requête trop grande");
        assertFrench(pages.get(3), 403, "Formulaire expiré");
        // English when the browser prefers it, whatever else it lists
        Page english = send("PUT", "/login", "de-DE,en;q=0.8,fr;q=0.5", null, null);
        assertTrue(english.body().contains("<h1>Not possible here</h1>") && english.body().contains("lang=\"en\""), english.body());
    }

    @Test
    void aVisitorsOwnChoiceOfFrenchHoldsOnErrorPages() throws Exception {
        PanelClient visitor = panel.anonymous();
        visitor.get("/login");
        visitor.post("/lang", Map.of("lang", "fr", "next", "/login"));
        var reply = visitor.bare("PUT", "/login");
        assertEquals(405, reply.status());
        assertTrue(reply.body().contains("<html lang=\"fr\""), reply.body());
        // the visitor's choice wins over what the browser asks for
        Page unsupported = send("POST", "/login", "en", "application/json", "{}", "Cookie", visitor.cookieHeader(),
                "X-CSRF-Token", visitor.csrfToken());
        assertFrench(unsupported, 415, "Contenu non pris en charge");
        var notAcceptable = visitor.json("POST", "/login", "{}");
        assertFrench(new Page(notAcceptable.status(), notAcceptable.body()), 406, "Erreur 406");
        // a value the panel refuses: the page in French, the code's detail marked as English, escaped, the value not repeated
        var refused = visitor.post("/lang", Map.of("lang", "<b>xx</b>", "next", "/"));
        assertFrench(new Page(refused.status(), refused.body()), 400, "Saisie refusée");
        assertTrue(refused.body().contains("<span lang=\"en\">lang: must be en or fr"), refused.body());
        assertFalse(refused.body().contains("xx"), "the refused value is not repeated: " + refused.body());
    }

    @Test
    void thePanelsDefaultLanguageAndNameShowWhereTheBrowserSaysNothing() throws Exception {
        assertEquals(0, panel.cli("settings", "--set", "default_language=fr").exitCode());
        assertEquals(0, panel.cli("settings", "--set", "panel_name=Hébergement <Dupont> & fils").exitCode());
        try {
            Page page = send("GET", "/no/such/page", null, null, null);
            assertFrench(page, 404, "Page introuvable");
            assertTrue(page.body().contains("Hébergement &lt;Dupont&gt; &amp; fils</div>"), page.body());
            assertTrue(page.body().contains("<title>Page introuvable · Hébergement &lt;Dupont&gt; &amp; fils</title>"), page.body());
            Page login = send("GET", "/login", null, null, null);
            assertTrue(login.body().contains("<html lang=\"fr\""), "the sign-in page too: " + login.body());
            assertTrue(login.body().contains("Hébergement &lt;Dupont&gt; &amp; fils"), login.body());
        } finally {
            panel.cli("settings", "--set", "default_language=en");
            panel.cli("settings", "--set", "panel_name=");
        }
        assertTrue(send("GET", "/login", null, null, null).body().contains("Smarthost Panel"), "the default name again");
    }

    /** 500 and 503 (no route fails on purpose): the mapper's answer for a French reader, and when the database is down. */
    @Test
    void internalAndDatabaseErrorsAreFrenchToo() {
        UriInfo uri = (UriInfo) java.lang.reflect.Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? "domains" : null);
        RequestState french = new RequestState();
        french.acceptLanguage = "fr";
        french.panelName = Optional::empty;
        Response internal = ErrorMappers.unexpected(uri, new IllegalStateException("boom <x>"), Optional.empty(), french);
        assertFrench(new Page(internal.getStatus(), (String) internal.getEntity()), 500, "Erreur interne");
        assertFalse(((String) internal.getEntity()).contains("boom"), "the exception's text is not shown");
        Response database = ErrorMappers.unexpected(uri, new java.sql.SQLException("No space left on device"), Optional.empty(), french);
        assertFrench(new Page(database.getStatus(), (String) database.getEntity()), 503, "Base de données indisponible");
        // a database that cannot be read for the panel's name or default language: the defaults, still an error page
        RequestState broken = new RequestState();
        broken.defaultLanguage = () -> {
            throw new IllegalStateException("database down");
        };
        broken.panelName = () -> {
            throw new IllegalStateException("database down");
        };
        Response down = ErrorMappers.unexpected(uri, new java.sql.SQLException("closed"), Optional.empty(), broken);
        assertEquals(503, down.getStatus());
        assertTrue(((String) down.getEntity()).contains("Smarthost Panel"), (String) down.getEntity());
    }
}
