package io.smarthost.windows.smartermail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.relay.Credentials;
import io.smarthost.panel.api.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SmarterMail's web service, as far as smarthosts need it. The ONLY class that knows SmarterMail's
 * paths and JSON field names; each is marked VERIFIED (with its public source) or ASSUMPTION (with
 * what it is based on). The module README says how to check the assumptions on a real server.
 *
 * <p>Session: logs in with the admin's name and password, sends {@code Authorization: Bearer},
 * refreshes the access token a minute before it expires, and after a 401 logs in again and retries
 * the call once. A 200 reply with {@code success: false} is an error (SmarterMail answers so).
 * Not thread-safe: the core calls backends under its apply lock.
 */
public final class SmarterMailAdapter {

    // ---- Authentication -------------------------------------------------------------------------
    /** VERIFIED: public API samples (SmarterTools' REST examples, SmarterMail.Cli, WHMCS/SolidCP modules). */
    static final String AUTHENTICATE = "api/v1/auth/authenticate-user";
    /** VERIFIED: same sources; request field {@code token} carries the refresh token. */
    static final String REFRESH = "api/v1/auth/refresh-token";
    static final String F_USERNAME = "username";          // VERIFIED (authenticate-user request)
    static final String F_PASSWORD = "password";          // VERIFIED
    static final String F_REFRESH_REQUEST = "token";      // VERIFIED (refresh-token request)
    static final String F_ACCESS_TOKEN = "accessToken";   // VERIFIED (reply)
    static final String F_REFRESH_TOKEN = "refreshToken"; // VERIFIED (reply)
    static final String F_EXPIRES = "accessTokenExpiration"; // VERIFIED (reply; ISO date-time)
    static final String F_SUCCESS = "success";            // VERIFIED (every reply)
    static final String F_MESSAGE = "message";            // VERIFIED (error text in replies)
    /**
     * ASSUMPTION: the login reply's "is a system administrator" flag (the sources say the reply tells;
     * no public sample shows the name). {@code isDomainAdmin} true means a domain administrator.
     */
    static final String F_IS_ADMIN = "isAdmin";
    static final String F_IS_DOMAIN_ADMIN = "isDomainAdmin";

    // ---- Outbound gateways: NOT publicly documented ---------------------------------------------
    /**
     * ASSUMPTION: list of gateways. Based on the sysadmin settings family
     * ({@code api/v1/settings/sysadmin/...}, verified for domains, IP access, blocked IPs) and the admin
     * page "Settings > Gateways / Failover > Outbound".
     */
    static final String GATEWAYS = "api/v1/settings/sysadmin/outbound-gateways";
    /** ASSUMPTION: create; "-put" is SmarterMail's verb for "add" ({@code domain-put}, verified). */
    static final String GATEWAY_CREATE = "api/v1/settings/sysadmin/outbound-gateway-put";
    /** ASSUMPTION: update by id; POST to the item path, like {@code domain-settings/{domain}} (verified). */
    static final String GATEWAY_UPDATE = "api/v1/settings/sysadmin/outbound-gateway/";
    /** ASSUMPTION: delete by id; "-delete" like {@code domain-delete}, {@code ip-access-delete} (verified). */
    static final String GATEWAY_DELETE = "api/v1/settings/sysadmin/outbound-gateway-delete/";
    /** ASSUMPTION: list wrapper field, and the wrapper of one gateway in requests and replies. */
    static final String F_GATEWAYS = "gateways";
    static final String F_GATEWAY = "gateway";
    /** ASSUMPTION: gateway fields, named after the admin page's labels (help "Outbound Gateway"). */
    static final String F_ID = "id";
    static final String F_ADDRESS = "address";                 // "Server Address"
    static final String F_PORT = "port";                       // "Port"
    static final String F_ENCRYPTION = "encryption";           // "Encryption": 0 none, 1 SSL, 2 TLS (assumed)
    static final String F_ENABLED = "isEnabled";               // "Status" enabled/disabled
    static final String F_TYPE = "type";                       // "Type": 0 Round Robin, 1 Specific Domains (assumed)
    static final String F_AUTH = "enableAuthentication";       // "Enable Authentication"
    static final String F_AUTH_USERNAME = "authUsername";      // "Auth Username"
    static final String F_AUTH_PASSWORD = "authPassword";      // "Auth Password" (write only)
    static final String F_DESCRIPTION = "description";         // "Description" (help for 15.x; not in the current help)
    /** ASSUMPTION: "Gateway Mode" (current help: one list of inbound and outbound gateways); 0 outbound, 1 inbound. */
    static final String F_MODE = "gatewayMode";
    static final int MODE_OUTBOUND = 0;
    static final int MODE_INBOUND = 1;
    static final int ENC_NONE = 0;
    static final int ENC_SSL = 1;
    static final int ENC_TLS = 2;
    static final int TYPE_ROUND_ROBIN = 0;
    static final int TYPE_SPECIFIC_DOMAINS = 1;

    // ---- Domain -> gateway ----------------------------------------------------------------------
    /** VERIFIED: GET/POST {@code api/v1/settings/sysadmin/domain-settings/{domain}}, body {@code domainSettings}. */
    static final String DOMAIN_SETTINGS = "api/v1/settings/sysadmin/domain-settings/";
    static final String F_DOMAIN_SETTINGS = "domainSettings"; // VERIFIED
    /** ASSUMPTION: the domain's "Outbound Gateway" choice (help: the gateway is selected FOR the domain). */
    static final String F_DOMAIN_GATEWAY = "outboundGatewayId";

    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofMinutes(10);

    private final URI base;
    private final String username;
    private final Secret password;
    private final JsonHttp http;
    private final Clock clock;
    /** How the list call is made: GET, or POST where the server refuses GET (405/404). */
    private String listMethod = "GET";
    private Optional<Boolean> systemAdmin = Optional.empty();
    private JsonNode loginReply = object();
    private String accessToken;
    private String refreshToken;
    private Instant expires = Instant.MIN;

    /**
     * @param base     SmarterMail's web address, e.g. {@code https://mail.example.com/}
     * @param username a system administrator's login
     */
    public SmarterMailAdapter(URI base, String username, Secret password, Duration timeout, Clock clock) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.username = username;
        this.password = password;
        this.http = new JsonHttp(timeout);
        this.clock = clock;
    }

    /** Logs in (again); used to check a login before it is saved. */
    public void authenticate() throws SmarterMailException {
        ObjectNode body = object().put(F_USERNAME, username).put(F_PASSWORD, password.reveal());
        JsonNode reply = checked("POST", AUTHENTICATE, http.send("POST", uri(AUTHENTICATE), body, Optional.empty()));
        takeTokens(reply);
        systemAdmin = adminFlag(reply);
        loginReply = SmarterMailProbe.redacted(reply.deepCopy());
    }

    /** The last login reply with every token replaced by {@code ******} (for the probe: its field names). */
    JsonNode loginReply() {
        return loginReply;
    }

    /**
     * What the last login reply said about the user: true = system administrator, false = not (a domain
     * administrator or a user), empty = the reply did not say ({@link #F_IS_ADMIN} absent).
     */
    public Optional<Boolean> systemAdmin() {
        return systemAdmin;
    }

    private static Optional<Boolean> adminFlag(JsonNode reply) {
        if (reply.path(F_IS_ADMIN).isBoolean()) {
            return Optional.of(reply.path(F_IS_ADMIN).asBoolean());
        }
        if (reply.path(F_IS_DOMAIN_ADMIN).asBoolean(false)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** The method the list call answered to last (GET, or POST on servers that refuse GET there). */
    public String listMethod() {
        return listMethod;
    }

    /**
     * Every gateway SmarterMail lists, inbound ones included (callers skip them). The call is made as GET and,
     * when the server answers 404 or 405 to that, as POST with an empty body (then POST is kept).
     */
    public List<Gateway> listGateways() throws SmarterMailException {
        JsonNode reply = listReply();
        List<Gateway> gateways = new ArrayList<>();
        for (JsonNode node : reply.path(F_GATEWAYS)) {
            gateways.add(gateway(node));
        }
        return gateways;
    }

    /** The list call's reply as it came (for the probe); made as {@link #listGateways()} makes it. */
    JsonNode listReply() throws SmarterMailException {
        if (listMethod.equals("GET")) {
            try {
                return call("GET", GATEWAYS, null);
            } catch (SmarterMailException e) {
                if (e.status() != 404 && e.status() != 405) {
                    throw e;
                }
                JsonNode reply = call("POST", GATEWAYS, object());
                listMethod = "POST";
                return reply;
            }
        }
        return call("POST", GATEWAYS, object());
    }

    /** One call as it is, without turning a refusal into an exception (for the probe): status and body. */
    JsonHttp.Reply raw(String method, String path) throws SmarterMailException {
        JsonHttp.Reply reply = http.send(method, uri(path), method.equals("GET") ? null : object(),
                Optional.of(bearer()));
        if (reply.status() == 401) {
            authenticate();
            reply = http.send(method, uri(path), method.equals("GET") ? null : object(), Optional.of(accessToken));
        }
        return reply;
    }

    /** @return the new gateway's id */
    public String createGateway(Gateway gateway) throws SmarterMailException {
        JsonNode reply = call("POST", GATEWAY_CREATE, object().set(F_GATEWAY, json(gateway)));
        String id = reply.path(F_GATEWAY).path(F_ID).asText("");
        if (id.isEmpty()) {
            throw new SmarterMailException(200, "POST /" + GATEWAY_CREATE + ": SmarterMail gave no gateway id back");
        }
        return id;
    }

    public void updateGateway(Gateway gateway) throws SmarterMailException {
        call("POST", GATEWAY_UPDATE + encode(gateway.id()), object().set(F_GATEWAY, json(gateway)));
    }

    public void deleteGateway(String id) throws SmarterMailException {
        call("POST", GATEWAY_DELETE + encode(id), object());
    }

    /** The id of the gateway the domain sends through; empty when none is chosen. */
    public Optional<String> domainGateway(String domain) throws SmarterMailException {
        JsonNode reply = call("GET", DOMAIN_SETTINGS + encode(domain), null);
        String id = reply.path(F_DOMAIN_SETTINGS).path(F_DOMAIN_GATEWAY).asText("");
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** Chooses the domain's gateway; empty clears the choice. */
    public void assignDomainGateway(String domain, Optional<String> gatewayId) throws SmarterMailException {
        ObjectNode settings = object().put(F_DOMAIN_GATEWAY, gatewayId.orElse(""));
        call("POST", DOMAIN_SETTINGS + encode(domain), object().set(F_DOMAIN_SETTINGS, settings));
    }

    // ---- session --------------------------------------------------------------------------------

    private JsonNode call(String method, String path, JsonNode body) throws SmarterMailException {
        JsonHttp.Reply reply = http.send(method, uri(path), body, Optional.of(bearer()));
        if (reply.status() == 401) {
            // The token may have been revoked (service restart, admin logged out): log in once more.
            authenticate();
            reply = http.send(method, uri(path), body, Optional.of(accessToken));
        }
        return checked(method, path, reply);
    }

    private String bearer() throws SmarterMailException {
        if (accessToken == null) {
            authenticate();
        } else if (!clock.instant().plus(REFRESH_MARGIN).isBefore(expires)) {
            refresh();
        }
        return accessToken;
    }

    private void refresh() throws SmarterMailException {
        ObjectNode body = object().put(F_REFRESH_REQUEST, refreshToken);
        try {
            takeTokens(checked("POST", REFRESH, http.send("POST", uri(REFRESH), body, Optional.empty())));
        } catch (SmarterMailException e) {
            if (e.status() == 0) {
                throw e;
            }
            authenticate(); // refresh token expired or refused: a fresh login does the same
        }
    }

    private void takeTokens(JsonNode reply) throws SmarterMailException {
        String access = reply.path(F_ACCESS_TOKEN).asText("");
        if (access.isEmpty()) {
            throw new SmarterMailException(200, "SmarterMail accepted the login but gave no access token");
        }
        accessToken = access;
        refreshToken = reply.path(F_REFRESH_TOKEN).asText("");
        expires = expiry(reply.path(F_EXPIRES).asText(""));
    }

    private Instant expiry(String text) {
        if (!text.isEmpty()) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException ignored) {
                    // fall through to the default life
                }
            }
        }
        return clock.instant().plus(DEFAULT_TOKEN_LIFE);
    }

    private static JsonNode checked(String method, String path, JsonHttp.Reply reply) throws SmarterMailException {
        String call = method + " /" + path;
        String message = reply.body().path(F_MESSAGE).asText("");
        if (reply.status() == 401) {
            throw new SmarterMailException(401, call + ": SmarterMail refused the admin login (401)"
                    + (message.isEmpty() ? "" : ": " + message) + "; check the SmarterMail login settings");
        }
        if (reply.status() < 200 || reply.status() > 299) {
            throw new SmarterMailException(reply.status(), call + ": HTTP " + reply.status()
                    + (message.isEmpty() ? "" : ": " + message));
        }
        if (!reply.body().path(F_SUCCESS).asBoolean(false)) {
            throw new SmarterMailException(reply.status(), call + ": SmarterMail answered success=false"
                    + (message.isEmpty() ? "" : ": " + message));
        }
        return reply.body();
    }

    // ---- JSON mapping ---------------------------------------------------------------------------

    static ObjectNode json(Gateway gateway) {
        ObjectNode node = object();
        if (!gateway.id().isEmpty()) {
            node.put(F_ID, gateway.id());
        }
        node.put(F_ADDRESS, gateway.address());
        node.put(F_PORT, gateway.port());
        node.put(F_ENCRYPTION, switch (gateway.encryption()) {
            case NONE -> ENC_NONE;
            case SSL -> ENC_SSL;
            case TLS -> ENC_TLS;
        });
        node.put(F_ENABLED, gateway.enabled());
        node.put(F_TYPE, gateway.type() == Gateway.Type.ROUND_ROBIN ? TYPE_ROUND_ROBIN : TYPE_SPECIFIC_DOMAINS);
        node.put(F_AUTH, gateway.auth().isPresent());
        node.put(F_AUTH_USERNAME, gateway.auth().map(Credentials::username).orElse(""));
        node.put(F_AUTH_PASSWORD, gateway.auth().map(c -> c.secret().reveal()).orElse(""));
        node.put(F_DESCRIPTION, gateway.description());
        node.put(F_MODE, gateway.inbound() ? MODE_INBOUND : MODE_OUTBOUND);
        return node;
    }

    static Gateway gateway(JsonNode node) {
        String user = node.path(F_AUTH_USERNAME).asText("");
        Optional<Credentials> auth = node.path(F_AUTH).asBoolean(false)
                ? Optional.of(new Credentials(user, Secret.of(""))) : Optional.empty();
        Set<String> fields = new HashSet<>();
        node.fieldNames().forEachRemaining(fields::add);
        return new Gateway(node.path(F_ID).asText(""), node.path(F_ADDRESS).asText(""), node.path(F_PORT).asInt(25),
                mode(node.path(F_ENCRYPTION)), node.path(F_ENABLED).asBoolean(true), type(node.path(F_TYPE)), auth,
                node.path(F_DESCRIPTION).asText(""), direction(node.path(F_MODE)), fields);
    }

    /** Numbers as assumed (0 outbound, 1 inbound); names containing "inbound"/"outbound" too. */
    private static Gateway.Direction direction(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return Gateway.Direction.UNSTATED;
        }
        if (value.isNumber()) {
            return value.asInt() == MODE_INBOUND ? Gateway.Direction.INBOUND : Gateway.Direction.OUTBOUND;
        }
        String text = value.asText("").toLowerCase(Locale.ROOT);
        return text.contains("inbound") || text.contains("incoming") ? Gateway.Direction.INBOUND
                : text.contains("outbound") || text.contains("outgoing") ? Gateway.Direction.OUTBOUND
                : Gateway.Direction.UNSTATED;
    }

    /** Numbers as assumed; names too, in case the service speaks enum names. */
    private static Gateway.Mode mode(JsonNode value) {
        String text = value.asText("").toLowerCase(Locale.ROOT);
        if (value.isNumber()) {
            return value.asInt() == ENC_SSL ? Gateway.Mode.SSL : value.asInt() == ENC_TLS ? Gateway.Mode.TLS
                    : Gateway.Mode.NONE;
        }
        return text.contains("ssl") ? Gateway.Mode.SSL : text.contains("tls") ? Gateway.Mode.TLS : Gateway.Mode.NONE;
    }

    private static Gateway.Type type(JsonNode value) {
        if (value.isNumber()) {
            return value.asInt() == TYPE_SPECIFIC_DOMAINS ? Gateway.Type.SPECIFIC_DOMAINS : Gateway.Type.ROUND_ROBIN;
        }
        return value.asText("").toLowerCase(Locale.ROOT).contains("specific")
                ? Gateway.Type.SPECIFIC_DOMAINS : Gateway.Type.ROUND_ROBIN;
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
