package io.smarthost.windows.smartermail;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.core.backend.SettingsForm.Text;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SmarterMail system-administrator login the backend uses: URL and user name in the plugin's
 * store (or {@code panel.ini [mail] smarthost.smartermail.url / .username}), the password only in
 * the store, encrypted ({@code putSecret}). The backend offers it as its settings form ({@link #form()}),
 * which the server page and {@code panel bin smarthost --smartermail-login} (or {@code --backend-login})
 * show and save through {@link #save}.
 */
final class SmarterMailLogin {

    static final String KEY_URL = "smartermail/url";
    static final String KEY_USERNAME = "smartermail/username";
    static final String KEY_PASSWORD = "smartermail/password";
    static final String INI_URL = "smarthost.smartermail.url";
    static final String INI_USERNAME = "smarthost.smartermail.username";
    static final String INI_TIMEOUT = "smarthost.smartermail.timeout";
    static final String FIELD_URL = "url";
    static final String FIELD_USERNAME = "username";
    static final String FIELD_PASSWORD = "password";

    private final HostServices host;
    private final Clock clock;

    SmarterMailLogin(HostServices host) {
        this(host, Clock.systemUTC());
    }

    SmarterMailLogin(HostServices host, Clock clock) {
        this.host = host;
        this.clock = clock;
    }

    /** The login as a settings form: the stored or configured URL, never the password. */
    SettingsForm form() {
        SettingsForm.Texts texts = new SettingsForm.Texts(
                new Text("smarthost.smartermail.title", "SmarterMail connection"),
                new Text("smarthost.smartermail.text", "The smarthost is configured through SmarterMail's web service,"
                        + " with a system administrator login. The login is checked once before it is saved."),
                new Text("smarthost.smartermail.save", "Save connection"),
                new Text("smarthost.smartermail.saved", "Connected to SmarterMail; the login is saved."),
                new Text("smarthost.smartermail.failed", "SmarterMail refused the login or could not be reached: {0}"),
                new Text("smarthost.smartermail.configured", "Login stored"));
        return new SettingsForm("SmarterMail login", texts, List.of(
                SettingsForm.Field.text(FIELD_URL, new Text("smarthost.smartermail.url", "SmarterMail URL"),
                        "SmarterMail's address", "https://mail.example.com/", url().orElse("")),
                SettingsForm.Field.text(FIELD_USERNAME, new Text("smarthost.smartermail.user", "Administrator login"),
                        "the SmarterMail system administrator's login", "", ""),
                SettingsForm.Field.secret(FIELD_PASSWORD, new Text("smarthost.field.password", "Password"), "the password")),
                configured());
    }

    /**
     * {@link #saveLogin} with the form's values.
     *
     * @return what the CLI prints
     * @throws IllegalArgumentException a field is malformed (message names it)
     * @throws BackendException         SmarterMail refused the login or could not be reached, or it could not be
     *                                  stored; nothing was stored
     */
    String save(Map<String, String> values, Map<String, Secret> secrets) throws BackendException {
        String url = values.get(FIELD_URL);
        try {
            saveLogin(url, values.get(FIELD_USERNAME), secrets.get(FIELD_PASSWORD));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new BackendException("SmarterMail login", e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), e);
        }
        return "SmarterMail login checked and saved for " + url;
    }

    /** A complete login, ready to use. */
    record Login(URI url, String username, Secret password, Duration timeout) {
        @Override
        public String toString() {
            return "Login[url=" + url + ", username=" + username + ", password=******]";
        }
    }

    /**
     * Checks the login by authenticating once, then stores it. Nothing is stored when the check fails.
     *
     * @throws IllegalArgumentException a field is malformed (message names it)
     * @throws SmarterMailException     SmarterMail refused the login or could not be reached
     */
    void saveLogin(String url, String username, Secret password) throws Exception {
        URI base = parseUrl(url);
        if (username == null || username.isBlank() || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("username: give the SmarterMail system administrator's login name");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password: must not be empty");
        }
        requireSystemAdmin(new SmarterMailAdapter(base, username.strip(), password, timeout(), clock), username.strip());
        host.store().inTransaction(tx -> {
            tx.put(KEY_URL, base.toString());
            tx.put(KEY_USERNAME, username.strip());
            tx.putSecret(KEY_PASSWORD, password);
            return null;
        });
    }

    /**
     * Logs in and refuses a login that is not a system administrator's: outbound gateways are system
     * settings, and a domain administrator's login would fail at the first apply instead of here. The login
     * reply says so ({@link SmarterMailAdapter#systemAdmin()}); where it does not, a refused gateway list
     * (401/403) says so.
     */
    static void requireSystemAdmin(SmarterMailAdapter adapter, String username) throws SmarterMailException {
        adapter.authenticate();
        if (adapter.systemAdmin().equals(Optional.of(false))) {
            throw new SmarterMailException(200, "SmarterMail accepted the login of " + username + ", but its reply "
                    + "says it is not a system administrator; the smarthost needs a system administrator's login "
                    + "(outbound gateways are server settings). Nothing was saved.");
        }
        if (adapter.systemAdmin().isEmpty()) {
            try {
                adapter.listGateways();
            } catch (SmarterMailException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new SmarterMailException(e.status(), "SmarterMail accepted the login of " + username
                            + ", but refused it the gateway list (HTTP " + e.status() + "): it is not a system "
                            + "administrator. Nothing was saved.");
                }
                // another failure (the list endpoint is an assumption): the login itself is fine
            }
        }
    }

    /** Whether a SmarterMail URL is configured at all (store or panel.ini). */
    boolean configured() {
        return url().isPresent();
    }

    Optional<String> url() {
        return host.store().get(KEY_URL).or(() -> host.ini().get(SmarterMailIniKeys.URL)).filter(u -> !u.isBlank());
    }

    /** The stored login; empty with a reason when something is missing. */
    Login load() throws Exception {
        URI base = parseUrl(url().orElseThrow(() -> new IllegalStateException(
                "SmarterMail is not set up: run panel bin smarthost --smartermail-login -url URL -username NAME "
                        + "-password-stdin")));
        String username = host.store().get(KEY_USERNAME).or(() -> host.ini().get(SmarterMailIniKeys.USERNAME))
                .filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalStateException(
                        "SmarterMail login: no administrator user name stored; run --smartermail-login"));
        Secret password = host.store().inTransaction(tx -> tx.getSecret(KEY_PASSWORD)).orElseThrow(() ->
                new IllegalStateException("SmarterMail login: no password stored; run --smartermail-login"));
        return new Login(base, username, password, timeout());
    }

    Duration timeout() {
        return Duration.ofSeconds(host.ini().getInt(SmarterMailIniKeys.TIMEOUT));
    }

    static URI parseUrl(String url) {
        try {
            URI uri = new URI(url == null ? "" : url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(String.valueOf(url), "not an http(s) address");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: give SmarterMail's web address, e.g. https://mail.example.com/ "
                    + "(http or https, no query, no user name in it)");
        }
    }
}
