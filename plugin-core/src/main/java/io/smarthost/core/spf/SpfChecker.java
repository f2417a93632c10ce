package io.smarthost.core.spf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Live SPF checks: what a name publishes in DNS now, and how many DNS lookups a record costs once its
 * includes and redirect are followed. Queries go straight to the configured resolver (no cache, no
 * search domains), so a check shows what receivers see. Thread-safe.
 *
 * @since 1.0
 */
public final class SpfChecker {

    /** Above this many queries in one walk, the answer is long past the limit; stop asking. */
    private static final int MAX_QUERIES_PER_WALK = 60;

    private final Resolver resolver;
    private final SpfSettings settings;

    public SpfChecker(Resolver resolver, SpfSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
        resolver.setTimeout(settings.timeout());
    }

    /**
     * A checker asking the resolver the settings name, or the system's resolvers.
     *
     * @throws IllegalArgumentException when the configured resolver's host name does not resolve
     */
    public static SpfChecker create(SpfSettings settings) {
        return new SpfChecker(createResolver(settings), settings);
    }

    /** The resolver the settings name (or the system's), for every live DNS check of the plugin (SPF, domain-authentication records). */
    public static Resolver createResolver(SpfSettings settings) {
        if (settings.resolver().isEmpty()) {
            // The system's resolvers (resolv.conf), one try each: our own timeout bounds the wait.
            ExtendedResolver system = new ExtendedResolver();
            system.setRetries(1);
            return system;
        }
        InetSocketAddress configured = settings.resolver().get();
        InetSocketAddress resolved = new InetSocketAddress(configured.getHostString(), configured.getPort());
        if (resolved.isUnresolved()) {
            throw new IllegalArgumentException("panel.ini [" + SpfSettings.SECTION + "] " + SpfSettings.RESOLVER_KEY
                    + ": the host \"" + configured.getHostString() + "\" does not resolve; use an IP address");
        }
        return new SimpleResolver(resolved);
    }

    /**
     * Stops dnsjava's shared network thread. Call it once when the plugin stops, so that the thread
     * does not keep the plugin's class loader alive; a later query starts the thread again.
     */
    public static void shutdown() {
        org.xbill.DNS.NioClient.close();
    }

    public SpfSettings settings() {
        return settings;
    }

    /** The TXT records at {@code name}, as receivers see them. Never throws for DNS trouble: see {@link TxtAnswer#outcome()}. */
    public TxtAnswer txt(String name) {
        long start = System.nanoTime();
        Name qname;
        try {
            qname = Name.fromString(SpfInclude.strip(name), Name.root);
        } catch (TextParseException e) {
            return TxtAnswer.failed("not a DNS name: " + e.getMessage(), 0);
        }
        try {
            Message response = resolver.send(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)));
            long millis = elapsed(start);
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new TxtAnswer(TxtAnswer.Outcome.NO_RECORDS, List.of(), "", millis);
            }
            if (rcode != Rcode.NOERROR) {
                return TxtAnswer.failed(Rcode.string(rcode), millis);
            }
            List<String> texts = new ArrayList<>();
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r instanceof TXTRecord txt) {
                    texts.add(joined(txt));
                }
            }
            return new TxtAnswer(texts.isEmpty() ? TxtAnswer.Outcome.NO_RECORDS : TxtAnswer.Outcome.FOUND, texts, "", millis);
        } catch (SocketTimeoutException e) {
            return TxtAnswer.failed("timeout after " + settings.timeout().toMillis() + " ms", elapsed(start));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TxtAnswer.failed(why.toLowerCase().contains("timed out")
                    ? "timeout after " + settings.timeout().toMillis() + " ms" : why, elapsed(start));
        }
    }

    /**
     * Counts the DNS lookups {@code record} costs, following include and redirect targets with real
     * queries, bounded by {@link SpfSettings#maxDepth()} and {@link SpfSettings#budget()}.
     */
    public LookupWalk walk(String record) {
        return walk(record, new HashMap<>());
    }

    /** As {@link #walk(String)}, reusing (and filling) answers of earlier walks of the same check. */
    LookupWalk walk(String record, Map<String, TxtAnswer> answers) {
        Walk walk = new Walk(System.nanoTime() + settings.budget().toNanos(), answers);
        walk.record(SpfRecord.parse(record), 0, new ArrayDeque<>(), true);
        if (walk.lookups > SpfRecord.LOOKUP_LIMIT) {
            walk.problems.add(SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, walk.lookups, SpfRecord.LOOKUP_LIMIT));
        }
        return new LookupWalk(walk.lookups, walk.complete, walk.reached, walk.problems, elapsed(walk.start));
    }

    private static String joined(TXTRecord txt) {
        StringBuilder sb = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            sb.append(new String(part, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** The state of one walk; not shared between threads. */
    private final class Walk {
        final long start = System.nanoTime();
        final long deadline;
        final List<SpfProblem> problems = new ArrayList<>();
        final Set<String> reached = new HashSet<>();
        final Map<String, TxtAnswer> answers;
        int lookups;
        int queries;
        boolean complete = true;

        Walk(long deadline, Map<String, TxtAnswer> answers) {
            this.deadline = deadline;
            this.answers = answers;
        }

        void record(SpfRecord spf, int depth, Deque<String> path, boolean passChain) {
            for (SpfTerm t : spf.reachableMechanisms()) {
                if (!t.costsLookup()) {
                    continue;
                }
                lookups++;
                if (t.isMechanism("include")) {
                    follow(t, depth, path, passChain && t.qualifier() == Qualifier.PASS);
                } else if (t.hasMacro()) {
                    incomplete(SpfProblem.of(SpfProblem.Code.MACRO_NOT_FOLLOWED, t.text()));
                }
            }
            spf.effectiveRedirect().ifPresent(target -> {
                lookups++;
                follow(new SpfTerm(SpfTerm.Kind.MODIFIER, Qualifier.PASS, "redirect", target, "redirect=" + target),
                        depth, path, passChain);
            });
        }

        private void follow(SpfTerm term, int depth, Deque<String> path, boolean passChain) {
            if (term.hasMacro()) {
                incomplete(SpfProblem.of(SpfProblem.Code.MACRO_NOT_FOLLOWED, term.text()));
                return;
            }
            String target = SpfInclude.strip(term.argument());
            if (path.contains(target)) {
                incomplete(SpfProblem.of(SpfProblem.Code.LOOP, String.join(" > ", path) + " > " + target));
                return;
            }
            if (depth >= settings.maxDepth() || System.nanoTime() > deadline || queries >= MAX_QUERIES_PER_WALK) {
                incomplete(SpfProblem.of(SpfProblem.Code.WALK_INCOMPLETE, target));
                return;
            }
            TxtAnswer answer = answers.get(target);
            if (answer == null) {
                queries++;
                answer = txt(target);
                answers.put(target, answer);
            }
            if (answer.outcome() == TxtAnswer.Outcome.FAILED) {
                incomplete(SpfProblem.of(SpfProblem.Code.NESTED_LOOKUP_FAILED, target, answer.reason()));
                return;
            }
            List<String> spf = answer.spfRecords();
            if (spf.isEmpty()) {
                problems.add(SpfProblem.of(SpfProblem.Code.TARGET_WITHOUT_SPF, target, term.text()));
                return;
            }
            if (spf.size() > 1) {
                incomplete(SpfProblem.of(SpfProblem.Code.NESTED_LOOKUP_FAILED, target, spf.size() + " SPF records"));
                return;
            }
            if (passChain) {
                reached.add(target);
            }
            path.addLast(target);
            record(SpfRecord.parse(spf.get(0)), depth + 1, path, passChain);
            path.removeLast();
        }

        private void incomplete(SpfProblem problem) {
            complete = false;
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
    }
}
