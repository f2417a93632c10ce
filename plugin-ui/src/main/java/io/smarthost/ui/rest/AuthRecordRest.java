package io.smarthost.ui.rest;

import io.smarthost.core.authrec.AuthRecordRules;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.AuthRecords;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Domain-authentication records under {@code /api/v2/plugins/smarthost/domains/{domain}/auth-records}:
 * the records the relay service asked the domain to publish (read, replaced whole), their live check in
 * DNS, and writing them into the panel's zone. Open to the domain's owner (the host answers 404 for any
 * other customer) and admins; part of the domain level (404 while it is hidden).
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class AuthRecordRest extends Routes implements RestExtension {
    static final Set<String> PUT_FIELDS = Set.of("provider", "records", "paste");
    static final Set<String> APPLY_FIELDS = Set.of("replaceConflicts");

    public AuthRecordRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context);
    }

    /** The records, with the relay service they are for and their state in the panel's zone (no DNS query). */
    @GET
    @Path("domains/{domain}/auth-records")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public AuthRecords.Records get(@PathParam("domain") String domain) {
        String name = name(domain);
        return call(() -> AuthRecords.Records.of(host, name, locale()));
    }

    /**
     * Replaces the records: {@code {"provider"?, "records": [{"name","type","value"}]}} or
     * {@code {"provider"?, "paste": "lines"}}; {@code "records": []} removes them. Nothing is kept while a
     * record has a problem (400, one error per problem).
     */
    @PUT
    @Path("domains/{domain}/auth-records")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public AuthRecords.Records put(@PathParam("domain") String domain, String body) {
        AuthRecordSupport.Input input = AuthRecordSupport.input(RelayBody.parse(body, PUT_FIELDS));
        String name = name(domain);
        return call(() -> {
            if (!input.parsed().problems().isEmpty()) {
                throw ApiErrors.badInput(AuthRecordSupport.errors(input.parsed().problems(), true, locale()));
            }
            String provider = AuthRecords.providerFor(host, name, input.provider());
            AuthRecordRules.Validated v = AuthRecords.service(host).save(name, provider, input.parsed().candidates(),
                    AuthRecords.serviceName(provider, locale()));
            if (!v.ok()) {
                throw ApiErrors.badInput(AuthRecordSupport.errors(v.problems(), input.pasted(), locale()));
            }
            return AuthRecords.Records.of(host, name, locale());
        });
    }

    /** Live DNS check of every record (found, different value, missing, lookup failed). */
    @GET
    @Path("domains/{domain}/auth-records/check")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public AuthRecords.Check check(@PathParam("domain") String domain) {
        String name = name(domain);
        return call(() -> AuthRecords.Check.of(name, AuthRecords.service(host).check(name), locale()));
    }

    /**
     * Writes the records into the panel's zone of the domain: {@code {"replaceConflicts"?: true}}. A record
     * in conflict with other records at its name is left as it is and reported, unless asked to replace.
     */
    @POST
    @Path("domains/{domain}/auth-records/apply")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public AuthRecords.Applied apply(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, APPLY_FIELDS);
        Optional<com.fasterxml.jackson.databind.JsonNode> flag = b.json("replaceConflicts");
        if (flag.isPresent() && !flag.get().isBoolean()) {
            throw ApiErrors.failure(400, "replaceConflicts", "must be true or false");
        }
        boolean replace = flag.map(com.fasterxml.jackson.databind.JsonNode::booleanValue).orElse(false);
        String name = name(domain);
        return call(() -> AuthRecords.Applied.of(name, AuthRecords.service(host).apply(name, replace), locale()));
    }

    private String name(String typed) {
        return call(() -> service().domain(typed).scope().domain().orElse(typed));
    }
}
