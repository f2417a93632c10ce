package io.smarthost.panel.host.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Errors as JSON on /api paths and as plain pages elsewhere; unexpected failures are logged, never shown. */
final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static boolean api(UriInfo uri) {
        return uri.getPath().startsWith("api/") || uri.getPath().startsWith("/api/");
    }

    /** JAX-RS errors (404, 405, 400 thrown by routes...). */
    static final class WebErrors implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;
        /** The request, for the reader's language (its state was set before matching). */
        @jakarta.inject.Inject
        private jakarta.inject.Provider<org.glassfish.jersey.server.ContainerRequest> request;

        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            if (status < 400 || original.hasEntity()) {
                return original;
            }
            if (api(uri)) {
                return JsonErrors.response(status, null, message(status, e));
            }
            RequestState state = state(request);
            return switch (status) {
                case 404 -> ErrorPages.notFound(state);
                case 405 -> ErrorPages.page(state, 405, "methodNotAllowed");
                case 415 -> ErrorPages.page(state, 415, "unsupportedType");
                case 400 -> ErrorPages.page(state, 400, "badRequest");
                case 403 -> ErrorPages.page(state, 403, "forbidden");
                default -> ErrorPages.page(state, status, "generic", status);
            };
        }

        private static String message(int status, WebApplicationException e) {
            return switch (status) {
                case 404 -> "not found";
                case 405 -> "method not allowed here";
                case 415 -> "unsupported content type";
                default -> e.getMessage() == null ? "request refused" : e.getMessage();
            };
        }
    }

    /** The request's state for an error page's language and panel name; null outside a request. */
    static RequestState state(jakarta.inject.Provider<org.glassfish.jersey.server.ContainerRequest> request) {
        try {
            return request == null ? null : RequestState.of(request.get());
        } catch (RuntimeException outsideARequest) {
            return null;
        }
    }

    /** Bean-validation failures thrown by a route: 400 naming each field. */
    static final class ValidationErrors implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ConstraintViolation<?> v : e.getConstraintViolations()) {
                String path = v.getPropertyPath().toString();
                String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
                errors.add(JsonErrors.error(field, v.getMessage()));
            }
            return JsonErrors.response(400, errors);
        }
    }

    /** Our own input errors ({@code IllegalArgumentException("field: message")}) become 400. */
    static final class InputErrors implements ExceptionMapper<IllegalArgumentException> {
        @Context
        private UriInfo uri;
        @jakarta.inject.Inject
        private jakarta.inject.Provider<org.glassfish.jersey.server.ContainerRequest> request;

        @Override
        public Response toResponse(IllegalArgumentException e) {
            String text = e.getMessage() == null ? "bad input" : e.getMessage();
            int colon = text.indexOf(": ");
            String field = colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+") ? text.substring(0, colon) : null;
            String message = field == null ? text : text.substring(colon + 2);
            if (api(uri)) {
                return JsonErrors.response(400, field, message);
            }
            return ErrorPages.pageWithDetail(state(request), 400, "badRequest", text);
        }
    }

    /**
     * A request body that is not JSON, or not of the shape the route takes: 400 naming the field
     * (its JSON path, or {@code body}). Jackson's message quotes the offending input, which may be a
     * password: it is neither logged nor echoed.
     */
    static final class JsonBodyErrors implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            // Jackson wraps a failure of the stream it reads: a body past the limit is not bad JSON
            return BodyLimit.in(e).map(WebApplicationException::getResponse).orElseGet(() -> badJson(e));
        }
    }

    /** Jersey's wrapper around a failure reading or writing an entity: the JSON ones are the client's. */
    static final class EntityErrors implements ExceptionMapper<ProcessingException> {
        @Context
        private UriInfo uri;
        @jakarta.inject.Inject
        private jakarta.inject.Provider<org.glassfish.jersey.server.ContainerRequest> request;
        private final Optional<String> databaseServer;

        EntityErrors(Optional<String> databaseServer) {
            this.databaseServer = databaseServer;
        }

        @Override
        public Response toResponse(ProcessingException e) {
            java.util.Optional<BodyLimit.TooLarge> tooLarge = BodyLimit.in(e);
            if (tooLarge.isPresent()) {
                return tooLarge.get().getResponse();
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonProcessingException json) {
                    return badJson(json);
                }
            }
            return unexpected(uri, e, databaseServer, state(request));
        }
    }

    static Response badJson(JsonProcessingException e) {
        java.util.Optional<io.smarthost.panel.host.json.StrictJson.Problem> parse = io.smarthost.panel.host.json.StrictJson.problem(e);
        if (parse.isPresent()) {
            return JsonErrors.response(400, parse.get().field(), parse.get().message());
        }
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "body";
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "unknown field";
        } else if (e instanceof ValueInstantiationException instantiation
                && instantiation.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            // a record's own check ("field: message", the host's convention): written by the plugin, not the input
            String text = invalid.getMessage();
            int colon = text.indexOf(": ");
            if (colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
                return JsonErrors.response(400, text.substring(0, colon), text.substring(colon + 2));
            }
            message = text;
        } else if (e instanceof MismatchedInputException || e instanceof ValueInstantiationException) {
            // at the top level: no body, or not an object
            message = field.equals("body") ? "malformed JSON" : "wrong type";
        } else {
            message = "malformed JSON";
        }
        return JsonErrors.response(400, field, message);
    }

    /** {@code relay.port}, {@code domains[2].name}; {@code body} for the document itself. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    /** The server's HOST:PORT/DB of a database server, empty for the embedded database. */
    static Optional<String> databaseServer(io.smarthost.panel.host.db.Database db) {
        if (db.dialect() == io.smarthost.panel.host.db.Dialect.H2) {
            return Optional.empty();
        }
        String url = io.smarthost.panel.host.db.Database.printable(db.url());
        return Optional.of(url.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("\\?.*$", ""));
    }

    static Response unexpected(UriInfo uri, Throwable e, Optional<String> databaseServer, RequestState state) {
        if (outOfMemory(e)) {
            // the database's own failure may carry it ("Java heap space"): disk space is not the advice then
            String ref = Long.toHexString(System.nanoTime());
            LOG.error("Request /{} failed: the panel ran out of memory (ref {})", uri.getPath(), ref, e);
            String text = "the panel ran out of memory; nothing was changed. Send fewer or smaller changes at once; if"
                    + " the panel stays slow, restart it (ref " + ref + " in the panel log)";
            return api(uri) ? JsonErrors.response(503, null, text) : ErrorPages.page(state, 503, "outOfMemory", ref);
        }
        java.util.Optional<String> database = databaseFailure(e);
        if (database.isPresent()) {
            String ref = Long.toHexString(System.nanoTime());
            LOG.error("Request /{} failed: the panel database cannot be used (ref {}): {}", uri.getPath(), ref,
                    database.get());
            String text = databaseServer.map(server -> "the panel's database server " + server + " ([database] url) cannot be used ("
                    + database.get() + "); nothing was changed. The panel reconnects by itself once the server is back (ref " + ref
                    + " in the panel log)").orElse("the panel's database cannot be used (" + database.get() + "); nothing was changed."
                    + " Free disk space in the panel's home, then restart the panel (ref " + ref + " in the panel log)");
            return api(uri) ? JsonErrors.response(503, null, text) : databaseServer
                    .map(server -> ErrorPages.page(state, 503, "databaseServer", server, database.get(), ref))
                    .orElseGet(() -> ErrorPages.page(state, 503, "database", database.get(), ref));
        }
        String ref = Long.toHexString(System.nanoTime());
        LOG.error("Request /{} failed (ref {})", uri.getPath(), ref, e);
        if (api(uri)) {
            return JsonErrors.response(500, null, "internal error (ref " + ref + " in the panel log)");
        }
        return ErrorPages.page(state, 500, "internal", ref);
    }

    /** Whether {@code e} is, or was caused by, the JVM running out of heap (H2 wraps it in an SQL exception). */
    static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || (t.getMessage() != null && t.getMessage().contains("Java heap space"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure of the panel's own database (a full disk, H2 closed after a failed write): its
     * innermost cause, which names the file system's problem and never holds request data; empty
     * for anything else.
     */
    static java.util.Optional<String> databaseFailure(Throwable e) {
        boolean database = false;
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            database |= t instanceof io.smarthost.panel.host.db.Jdbc.DataAccessException || t instanceof java.sql.SQLException;
            last = t;
        }
        if (!database) {
            return java.util.Optional.empty();
        }
        String why = last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
        // a database server that cannot be reached: the driver's own words name it ("Connection to HOST:PORT
        // refused."), the innermost cause (a socket's "Connection refused") does not
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")
                    && s.getMessage() != null && !s.getMessage().contains("Connection is not available")) {
                why = s.getMessage().split("(?<=\\.) ", 2)[0];
            }
        }
        return java.util.Optional.of(why.length() > 300 ? why.substring(0, 300) + "..." : why);
    }

    /** Anything else: 500 with a reference to the log, not the exception text. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Context
        private UriInfo uri;
        @jakarta.inject.Inject
        private jakarta.inject.Provider<org.glassfish.jersey.server.ContainerRequest> request;
        private final Optional<String> databaseServer;

        /** @param databaseServer the database server's HOST:PORT/DB, empty for the embedded database */
        Unexpected(Optional<String> databaseServer) {
            this.databaseServer = databaseServer;
        }

        @Override
        public Response toResponse(Throwable e) {
            // a body past the limit, read by a route or a plugin that wrapped the failure in its own
            java.util.Optional<BodyLimit.TooLarge> tooLarge = BodyLimit.in(e);
            if (tooLarge.isPresent()) {
                return tooLarge.get().getResponse();
            }
            if (formOfAnotherType(e)) {
                // a route reading a form sent JSON or XML (POST /login with application/json): the client's mistake, 415
                return api(uri) ? JsonErrors.response(415, null, "unsupported content type: this address takes a form"
                        + " (application/x-www-form-urlencoded)") : ErrorPages.page(state(request), 415, "unsupportedType");
            }
            return unexpected(uri, e, databaseServer, state(request));
        }
    }

    /** Jersey's refusal to read form fields from a body that is no form (thrown where the route's fields are read). */
    static boolean formOfAnotherType(Throwable e) {
        return e instanceof IllegalStateException && e.getStackTrace().length > 0
                && java.util.Arrays.stream(e.getStackTrace()).limit(3)
                .anyMatch(f -> f.getClassName().startsWith("org.glassfish.jersey.server.internal.inject.FormParamValueParamProvider"));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
