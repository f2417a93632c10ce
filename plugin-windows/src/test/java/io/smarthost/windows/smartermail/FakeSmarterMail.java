package io.smarthost.windows.smartermail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SmarterMail web service on 127.0.0.1, speaking the paths and fields the adapter assumes,
 * with switches for the failure cases the contract tests need.
 */
final class FakeSmarterMail implements AutoCloseable {

    record Request(String method, String path, String authorization, String body) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, ObjectNode> gateways = new LinkedHashMap<>();
    final Map<String, String> domainGateway = new LinkedHashMap<>();
    final Set<String> domains = new HashSet<>();
    final Set<String> validTokens = new HashSet<>();
    final AtomicInteger tokenSerial = new AtomicInteger();
    final AtomicInteger gatewaySerial = new AtomicInteger();
    String expiration = "2099-01-01T00:00:00Z";
    String password = "admin-pass";
    /** The login reply's isAdmin; null leaves the field out. */
    Boolean isAdmin = Boolean.TRUE;
    int unauthorizedAnswers;
    String successFalseOnPath;
    String failPathPrefix;
    long delayMillis;
    /**
     * The gateway fields this "SmarterMail" knows; it answers 200 success to any body and silently drops the
     * fields it does not know, as the real one does. Default: every field the adapter assumes.
     */
    final Set<String> knownFields = new HashSet<>(Set.of("id", "address", "port", "encryption", "isEnabled", "type",
            "enableAuthentication", "authUsername", "description", "gatewayMode"));
    /** Answers success to gateway creates and updates and keeps nothing of their bodies. */
    boolean discardGatewayBodies;
    /** Answers success to domain-settings posts and keeps nothing (the domain's gateway field is not its own). */
    boolean discardDomainSettings;
    /** "GET" or "POST": the only method the list call answers to (the other gets 405). */
    String listMethod = "GET";
    /** Refuses sysadmin paths (403) to every login: a domain administrator's login. */
    boolean sysadminForbidden;
    /** Runs after each request with "METHOD path", under the fake's lock: another writer's moves. */
    volatile java.util.function.Consumer<String> afterRequest = call -> { };
    private final HttpServer server;

    FakeSmarterMail() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<String> calls() {
        synchronized (requests) {
            return requests.stream().map(r -> r.method() + " " + r.path()).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), path, auth == null ? "" : auth, body));
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            synchronized (this) {
                answer(exchange, path, auth, body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
                afterRequest.accept(exchange.getRequestMethod() + " " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (timeout tests)
        }
    }

    private void answer(HttpExchange exchange, String path, String auth, JsonNode in) throws IOException {
        ObjectNode out = JSON.createObjectNode().put("success", true);
        if (path.equals("/api/v1/auth/authenticate-user")) {
            if (!in.path("username").asText().equals("admin") || !in.path("password").asText().equals(password)) {
                send(exchange, 200, JSON.createObjectNode().put("success", false)
                        .put("message", "Invalid username or password"));
                return;
            }
            if (isAdmin != null) {
                out.put("isAdmin", isAdmin);
            }
            send(exchange, 200, tokens(out));
            return;
        }
        if (path.equals("/api/v1/auth/refresh-token")) {
            if (!in.path("token").asText().startsWith("refresh-")) {
                send(exchange, 401, JSON.createObjectNode().put("message", "bad refresh token"));
                return;
            }
            send(exchange, 200, tokens(out));
            return;
        }
        String token = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
        if (unauthorizedAnswers > 0 || !validTokens.contains(token)) {
            if (unauthorizedAnswers > 0) {
                unauthorizedAnswers--;
                validTokens.clear();
            }
            send(exchange, 401, JSON.createObjectNode().put("message", "Unauthorized"));
            return;
        }
        if (path.equals(successFalseOnPath)) {
            send(exchange, 200, JSON.createObjectNode().put("success", false).put("message", "Gateway is invalid"));
            return;
        }
        if (failPathPrefix != null && path.startsWith(failPathPrefix)) {
            send(exchange, 500, JSON.createObjectNode().put("message", "Internal error"));
            return;
        }
        String sysadmin = "/api/v1/settings/sysadmin/";
        if (sysadminForbidden && path.startsWith(sysadmin)) {
            send(exchange, 403, JSON.createObjectNode().put("message", "Forbidden"));
            return;
        }
        if (path.equals(sysadmin + "outbound-gateways")) {
            if (!exchange.getRequestMethod().equals(listMethod)) {
                send(exchange, 405, JSON.createObjectNode().put("message", "Method Not Allowed"));
                return;
            }
            out.putArray("gateways").addAll(gateways.values());
        } else if (path.equals(sysadmin + "outbound-gateway-put")) {
            String id = "gw" + gatewaySerial.incrementAndGet();
            gateways.put(id, kept(in.path("gateway"), id));
            out.putObject("gateway").put("id", id);
        } else if (path.startsWith(sysadmin + "outbound-gateway/")) {
            String id = path.substring((sysadmin + "outbound-gateway/").length());
            if (!discardGatewayBodies) {
                gateways.put(id, kept(in.path("gateway"), id));
            }
        } else if (path.startsWith(sysadmin + "outbound-gateway-delete/")) {
            gateways.remove(path.substring((sysadmin + "outbound-gateway-delete/").length()));
        } else if (path.startsWith(sysadmin + "domain-settings/")) {
            String domain = path.substring((sysadmin + "domain-settings/").length());
            if (!domains.contains(domain)) {
                send(exchange, 200, JSON.createObjectNode().put("success", false).put("message", "Domain not found"));
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && !discardDomainSettings) {
                domainGateway.put(domain, in.path("domainSettings").path("outboundGatewayId").asText());
            }
            out.putObject("domainSettings").put("outboundGatewayId", domainGateway.getOrDefault(domain, ""));
        } else {
            send(exchange, 404, JSON.createObjectNode().put("message", "no such path"));
            return;
        }
        send(exchange, 200, out);
    }

    /** What this "SmarterMail" keeps of a gateway body: the fields it knows, never the password. */
    private ObjectNode kept(JsonNode body, String id) {
        ObjectNode gateway = JSON.createObjectNode().put("id", id);
        if (discardGatewayBodies) {
            return gateway;
        }
        body.fields().forEachRemaining(f -> {
            if (knownFields.contains(f.getKey())) {
                gateway.set(f.getKey(), f.getValue());
            }
        });
        return gateway;
    }

    /** Adds a gateway as someone else would (by hand, Plesk): {@code json} without the id. */
    synchronized String addGateway(String json) throws IOException {
        String id = "gw" + gatewaySerial.incrementAndGet();
        gateways.put(id, ((ObjectNode) JSON.readTree(json)).put("id", id));
        return id;
    }

    private ObjectNode tokens(ObjectNode out) {
        int n = tokenSerial.incrementAndGet();
        validTokens.add("access-" + n);
        return out.put("accessToken", "access-" + n).put("refreshToken", "refresh-" + n)
                .put("accessTokenExpiration", expiration);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
