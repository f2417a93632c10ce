package io.smarthost.ui.rest;

import io.smarthost.core.check.CheckRefusedException;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.UnknownDomainException;
import io.smarthost.core.validation.FieldError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API's error answers, in the host's convention {@code {"errors":[{"field":…,"message":…}]}}, and
 * the mapping of the smarthost service's exceptions to statuses. A plugin cannot register exception
 * mappers with the host's Jersey (configured once), so each route runs its work through {@link #call}.
 *
 * <table>
 *   <caption>statuses</caption>
 *   <tr><td>400</td><td>{@link RelayValidationException}, {@link IllegalArgumentException} ("field: message")</td></tr>
 *   <tr><td>403 / 429</td><td>{@link CheckRefusedException} (429 when rate limited)</td></tr>
 *   <tr><td>404</td><td>{@link UnknownDomainException}, feature hidden (400: a name of a bulk change's list that
 *   is no domain name)</td></tr>
 *   <tr><td>502</td><td>{@link RelayApplyException}: the mail server refused the change (store rolled back)</td></tr>
 * </table>
 */
public final class ApiErrors {
    private ApiErrors() {
    }

    /** One error; {@code field} null when no single field is at fault. */
    public record Error(String field, String message) {
    }

    public static Response response(int status, List<Error> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("errors", errors)).build();
    }

    public static WebApplicationException failure(int status, String field, String message) {
        return new WebApplicationException(response(status, List.of(new Error(field, message))));
    }

    public static WebApplicationException badInput(List<FieldError> errors) {
        return new WebApplicationException(response(400, errors.stream().map(e -> new Error(e.field(), e.message())).toList()));
    }

    /** Runs {@code work}, turning the service's exceptions into JSON error answers. */
    public static <T> T call(Locale locale, Supplier<T> work) {
        try {
            return work.get();
        } catch (RelayValidationException e) {
            throw badInput(e.errors());
        } catch (UnknownDomainException e) {
            // a name of a bulk change's list: which one; one that is no domain name at all is bad input
            throw e.index() >= 0 ? failure(e.invalidName() ? 400 : 404, "domains[" + e.index() + "]", e.getMessage())
                    : failure(404, "domain", e.getMessage());
        } catch (RelayApplyException e) {
            throw failure(502, null, e.nothingChanged()
                    ? "the change failed (step " + e.step() + "): " + e.reason() + "; nothing was changed"
                    : "the change could not be completed (step " + e.step() + "): " + e.reason());
        } catch (CheckRefusedException e) {
            throw failure(e.reason() == CheckRefusedException.Reason.RATE_LIMITED ? 429 : 403, null, e.message(locale));
        } catch (IllegalArgumentException e) {
            String text = e.getMessage() == null ? "bad input" : e.getMessage();
            int colon = text.indexOf(": ");
            boolean named = colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+");
            throw failure(400, named ? text.substring(0, colon) : null, named ? text.substring(colon + 2) : text);
        }
    }
}
