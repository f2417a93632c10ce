package io.smarthost.windows.smartermail;

import static io.smarthost.windows.smartermail.SmarterMailAdapter.DOMAIN_SETTINGS;
import static io.smarthost.windows.smartermail.SmarterMailAdapter.F_DOMAIN_GATEWAY;
import static io.smarthost.windows.smartermail.SmarterMailAdapter.F_DOMAIN_SETTINGS;
import static io.smarthost.windows.smartermail.SmarterMailAdapter.F_GATEWAYS;
import static io.smarthost.windows.smartermail.SmarterMailAdapter.GATEWAYS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.backend.Probe.Finding;
import io.smarthost.core.backend.Probe.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Looks at a live SmarterMail without writing: logs in, lists the gateways (GET, else POST), reads one
 * domain's settings, and says for each endpoint and field the backend assumes whether the server's answers
 * have it. The answers are kept with every password, token and key replaced by {@code ******}.
 */
final class SmarterMailProbe {

    /** Field names whose values are never kept: passwords, tokens, secrets, keys. */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(pass|token|secret|key|credential).*");
    /** The gateway fields the backend writes and reads back, as {@link SmarterMailAdapter} names them. */
    private static final List<String> GATEWAY_FIELDS = List.of(SmarterMailAdapter.F_ID, SmarterMailAdapter.F_ADDRESS,
            SmarterMailAdapter.F_PORT, SmarterMailAdapter.F_ENCRYPTION, SmarterMailAdapter.F_ENABLED,
            SmarterMailAdapter.F_TYPE, SmarterMailAdapter.F_AUTH, SmarterMailAdapter.F_AUTH_USERNAME,
            SmarterMailAdapter.F_DESCRIPTION, SmarterMailAdapter.F_MODE);

    private final SmarterMailAdapter api;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Probe.Answer> answers = new ArrayList<>();

    SmarterMailProbe(SmarterMailAdapter api) {
        this.api = api;
    }

    List<Finding> findings() {
        return findings;
    }

    List<Probe.Answer> answers() {
        return answers;
    }

    /** Runs every look-up; {@code domain} is the domain whose settings are read (empty: that part is skipped). */
    SmarterMailProbe run(java.util.Optional<String> domain) {
        try {
            api.authenticate();
        } catch (SmarterMailException e) {
            findings.add(new Finding("POST /" + SmarterMailAdapter.AUTHENTICATE, Status.FAILED, e.getMessage()));
            return this;
        }
        answers.add(new Probe.Answer("POST /" + SmarterMailAdapter.AUTHENTICATE, "HTTP 200 " + api.loginReply()));
        findings.add(api.systemAdmin().map(admin -> admin
                ? new Finding("login reply field " + SmarterMailAdapter.F_IS_ADMIN, Status.FOUND,
                        "the login is a system administrator's")
                : new Finding("login reply field " + SmarterMailAdapter.F_IS_ADMIN, Status.FAILED,
                        "the login reply says this user is not a system administrator: gateways need one"))
                .orElse(new Finding("login reply field " + SmarterMailAdapter.F_IS_ADMIN, Status.ASSUMED,
                        "the login reply does not say whether the user is a system administrator")));
        try {
            gateways();
            domain.ifPresentOrElse(this::domainSettings, () -> findings.add(new Finding("GET /" + DOMAIN_SETTINGS
                    + "{domain}", Status.ASSUMED, "no domain to read: give -domain D to see a domain's settings")));
        } catch (SmarterMailException e) {
            findings.add(new Finding("SmarterMail web service", Status.FAILED, e.getMessage()));
        }
        for (String write : List.of("POST /" + SmarterMailAdapter.GATEWAY_CREATE,
                "POST /" + SmarterMailAdapter.GATEWAY_UPDATE + "{id}", "POST /" + SmarterMailAdapter.GATEWAY_DELETE + "{id}",
                "POST /" + DOMAIN_SETTINGS + "{domain}")) {
            findings.add(new Finding(write, Status.ASSUMED, "a write: not tried by the probe; every apply reads its "
                    + "result back and fails (undoing itself) when SmarterMail did not keep it"));
        }
        return this;
    }

    private void gateways() throws SmarterMailException {
        JsonHttp.Reply get = api.raw("GET", GATEWAYS);
        answers.add(new Probe.Answer("GET /" + GATEWAYS, reply(get)));
        JsonHttp.Reply list = get;
        String method = "GET";
        if (get.status() == 404 || get.status() == 405) {
            list = api.raw("POST", GATEWAYS);
            method = "POST";
            answers.add(new Probe.Answer("POST /" + GATEWAYS, reply(list)));
        }
        String call = method + " /" + GATEWAYS;
        if (list.status() < 200 || list.status() > 299 || !list.body().path(SmarterMailAdapter.F_SUCCESS).asBoolean(false)) {
            findings.add(new Finding("GET or POST /" + GATEWAYS, list.status() == 404 || list.status() == 405
                    ? Status.MISSING : Status.FAILED, "HTTP " + list.status() + " to GET" + (method.equals("POST")
                    ? " and POST" : "") + ": the list endpoint is not where the backend assumes it"));
            return;
        }
        findings.add(new Finding(call, Status.FOUND, "the gateway list answers to " + method));
        JsonNode array = list.body().path(F_GATEWAYS);
        if (!array.isArray()) {
            findings.add(new Finding("list reply field " + F_GATEWAYS, Status.MISSING, "the reply has "
                    + fieldNames(list.body()) + " instead"));
            return;
        }
        findings.add(new Finding("list reply field " + F_GATEWAYS, Status.FOUND, array.size() + " gateway(s)"));
        if (array.isEmpty()) {
            GATEWAY_FIELDS.forEach(f -> findings.add(new Finding("gateway field " + f, Status.ASSUMED,
                    "no gateway to look at: add one by hand in SmarterMail (Settings > Gateways) and probe again")));
            return;
        }
        Set<String> seen = new TreeSet<>();
        array.forEach(g -> g.fieldNames().forEachRemaining(seen::add));
        for (String field : GATEWAY_FIELDS) {
            if (seen.contains(field)) {
                findings.add(new Finding("gateway field " + field, Status.FOUND, "values seen: " + values(array, field)));
            } else if (field.equals(SmarterMailAdapter.F_DESCRIPTION)) {
                findings.add(new Finding("gateway field " + field, Status.INFO, "no description field: the panel "
                        + "finds its gateways by the id it remembers, else by address, port and login name"));
            } else if (field.equals(SmarterMailAdapter.F_MODE)) {
                findings.add(new Finding("gateway field " + field, Status.INFO, "no gateway mode field: every "
                        + "listed gateway is taken for an outbound one"));
            } else {
                findings.add(new Finding("gateway field " + field, Status.MISSING, "the gateways have " + seen));
            }
        }
    }

    private void domainSettings(String domain) {
        String path = DOMAIN_SETTINGS + URLEncoder.encode(domain, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            JsonHttp.Reply reply = api.raw("GET", path);
            answers.add(new Probe.Answer("GET /" + path, reply(reply)));
            JsonNode settings = reply.body().path(F_DOMAIN_SETTINGS);
            if (!settings.isObject()) {
                findings.add(new Finding("domain settings field " + F_DOMAIN_SETTINGS, Status.MISSING, "HTTP "
                        + reply.status() + ", the reply has " + fieldNames(reply.body())));
                return;
            }
            findings.add(new Finding("domain settings field " + F_DOMAIN_SETTINGS, Status.FOUND, "for " + domain));
            List<String> hints = new ArrayList<>();
            settings.fieldNames().forEachRemaining(n -> {
                if (n.toLowerCase(Locale.ROOT).contains("gateway")) {
                    hints.add(n);
                }
            });
            findings.add(settings.has(F_DOMAIN_GATEWAY)
                    ? new Finding("domain field " + F_DOMAIN_GATEWAY, Status.FOUND, "value \""
                    + settings.path(F_DOMAIN_GATEWAY).asText() + "\"")
                    : new Finding("domain field " + F_DOMAIN_GATEWAY, Status.MISSING, "fields naming a gateway: "
                    + (hints.isEmpty() ? "none" : hints)));
        } catch (SmarterMailException e) {
            findings.add(new Finding("GET /" + path, Status.FAILED, e.getMessage()));
        }
    }

    private static String values(JsonNode array, String field) {
        Set<String> values = new TreeSet<>();
        array.forEach(g -> {
            if (g.has(field)) {
                values.add(SECRET_FIELD.matcher(field).matches() ? "******" : g.get(field).asText());
            }
        });
        String text = String.join(", ", values);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "no fields" : "fields " + names;
    }

    private static String reply(JsonHttp.Reply reply) {
        return "HTTP " + reply.status() + " " + redacted(reply.body().deepCopy());
    }

    /** {@code node} with the value of every field named like a secret replaced by {@code ******}. */
    static JsonNode redacted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (SECRET_FIELD.matcher(field.getKey()).matches() && !field.getValue().isContainerNode()) {
                    field.setValue(object.textNode("******"));
                } else {
                    redacted(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(SmarterMailProbe::redacted);
        }
        return node;
    }
}
