package io.smarthost.ui.rest;

import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Changes to many domains in one apply, under {@code /api/v2/plugins/smarthost/bulk}, admin only. Part of
 * the domain level: 404 while {@code [mail] smarthost.domain.enabled = false} or restricted mode hides it
 * ({@link #visible}, applied by the host).
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class BulkRest extends Routes implements RestExtension {
    static final Set<String> UPDATE_FIELDS = ServerRest.with(ServerRest.UPDATE_FIELDS, "domains");
    static final Set<String> DISABLE_FIELDS = ServerRest.with(ServerRest.CONFIRM_FIELDS, "domains");

    public BulkRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** Part of the domain level: hidden with it. */
    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context);
    }

    /** From this many domains a bulk change answers 202 and a job instead of waiting for the change. */
    static final int ASYNC_FROM = 2000;

    /**
     * The same relay for many domains, in one change: {@code {"domains": [...], "host": ..., ...}}. Up to
     * {@value #ASYNC_FROM} domains: 200 and the change's report. More: 202, {@code Location} and the
     * {@link ApiModel.Job}, whose {@code GET .../jobs/{id}} shows the progress and then the result.
     */
    @POST
    @Path("bulk/update")
    public Response update(String body) {
        long read = System.nanoTime();
        UpdateBody u = UpdateBody.read(body);
        List<String> domains = u.domains();
        RelayInput input = u.input();
        Confirm confirm = confirmOf(u.body());
        if (domains.size() < ASYNC_FROM) {
            return Response.ok(update(Scope.domain(domains.get(0)), input,
                    () -> service().bulkUpdate(domains, input, confirm))).build();
        }
        return submitted(domains.size(), read, progress -> update(Scope.domain(domains.get(0)), input,
                () -> service().bulkUpdate(domains, input, confirm, progress)));
    }

    /**
     * Runs a bulk change in the background, as the caller (its role and name for the action log): 202, {@code
     * Location} and the job; {@code read}, when the request's body began to be read (its nanoTime, for the job's
     * log line); 429 with {@code Retry-After} when {@value BulkJobs#UNFINISHED} jobs run or wait.
     */
    private Response submitted(int total, long read, java.util.function.Function<io.smarthost.core.service.Progress, Object> work) {
        RequestContext request = host.currentRequest().orElseThrow();
        BulkJobs.Job job;
        try {
            job = jobs().submit(total, (System.nanoTime() - read) / 1_000_000, progress -> host.asRequest(request, () -> work.apply(progress)));
        } catch (BulkJobs.Busy e) {
            throw new jakarta.ws.rs.WebApplicationException(Response.fromResponse(ApiErrors.response(429,
                    List.of(new ApiErrors.Error(null, e.getMessage())))).header("Retry-After", "5").build());
        }
        return Response.status(202).location(URI.create("/api/v2/plugins/smarthost/jobs/" + job.id))
                .entity(job.view()).build();
    }

    /**
     * A bulk change answered with 202: its progress, then its result (404 once forgotten: the last 50 since the
     * panel started are kept; jobs live in memory, and the change of one that a stop or a crash interrupted was
     * re-applied or taken back whole at the next start, as every interrupted change is).
     */
    @GET
    @Path("jobs/{id}")
    public ApiModel.Job job(@PathParam("id") String id) {
        return jobs().get(id).map(BulkJobs.Job::view)
                .orElseThrow(() -> ApiErrors.failure(404, "id", "no bulk job " + (id.length() > 64 ? id.substring(0, 64) : id).replaceAll("[^A-Za-z0-9-]", "?") + (id.length() > 64 ? "..." : "")
                        + " (the panel keeps the last " + BulkJobs.KEPT + " since it started; a job the panel was stopped"
                        + " or killed during was completed or taken back whole when it started again: the domains'"
                        + " settings say which)"));
    }

    private BulkJobs jobs() {
        return BulkJobs.of(host);
    }

    /**
     * Turns the relay of many domains off: {@code {"domains": [...]}}. Up to {@value #ASYNC_FROM} domains: 200 and
     * the change's report; more: 202 and a job, as {@link #update}.
     */
    @POST
    @Path("bulk/disable")
    public Response disable(String body) {
        long read = System.nanoTime();
        RelayBody b = RelayBody.parse(body, DISABLE_FIELDS);
        List<String> domains = requireDomains(b);
        Confirm confirm = confirmOf(b);
        if (domains.size() < ASYNC_FROM) {
            return Response.ok(update(Scope.domain(domains.get(0)), RelayInput.disabled(),
                    () -> service().bulkDisable(domains, confirm))).build();
        }
        return submitted(domains.size(), read, progress -> update(Scope.domain(domains.get(0)), RelayInput.disabled(),
                () -> service().bulkDisable(domains, confirm, progress)));
    }

    /** What {@link #update} reads of its body before it asks anything of the caller: the names and the relay. */
    private record UpdateBody(RelayBody body, List<String> domains, RelayInput input) {
        static UpdateBody read(String text) {
            RelayBody b = RelayBody.parse(text, UPDATE_FIELDS);
            List<String> domains = requireDomains(b);
            return new UpdateBody(b, domains, b.relayInput());
        }
    }

    /** At most this many names in {@link #warmUp}'s body: about 1 MB, the default limit of a request's body. */
    static final int WARM_UP_NAMES = 40_000;

    /**
     * Reads a bulk change's body of {@code names} made-up domains (at most {@value #WARM_UP_NAMES}) as {@link #update}
     * reads one, and throws it away: for the panel's start, so that the first bulk change's request is read by
     * compiled code (at 100,000 domains the first one's body took 95-160 ms to read, the next ones' 11-25 ms).
     * Changes nothing.
     *
     * @return how many names were read
     */
    public static int warmUp(int names) {
        int n = Math.min(names, WARM_UP_NAMES);
        StringBuilder body = new StringBuilder(n * 24 + 128).append("{\"domains\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "\"" : ",\"").append('d').append(i).append(".warm-up.invalid\"");
        }
        body.append("],\"enabled\":true,\"host\":\"smtp.example.com\",\"port\":587,\"encryption\":\"starttls\",")
                .append("\"authentication\":false}");
        UpdateBody u = UpdateBody.read(body.toString());
        u.body().confirm();
        return u.domains().size();
    }

    private static List<String> requireDomains(RelayBody b) {
        List<String> domains = b.texts("domains");
        b.requireValid();
        if (domains.isEmpty()) {
            throw ApiErrors.failure(400, "domains", "give at least one domain, e.g. [\"example.com\"]");
        }
        for (int i = 0; i < domains.size(); i++) {
            if (domains.get(i) == null || domains.get(i).isBlank()) {
                throw ApiErrors.failure(400, "domains[" + i + "]", "a domain name is required here, e.g. \"example.com\"");
            }
        }
        return domains;
    }
}
